"""Connect an administration to Exact Online without a browser, for IT automation."""

from django.core.management.base import BaseCommand, CommandError

from exactbridge.online import services
from exactbridge.online.errors import ExactError, ReconnectNeeded


class Command(BaseCommand):
    help = (
        "Connect an administration (created when missing) to Exact Online with a refresh token. "
        "The division is read from current/Me when --division is not given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--administration", required=True, help="Administration code.")
        parser.add_argument("--name", help="Name, used when the administration is created.")
        parser.add_argument("--base-url", required=True, help="e.g. https://start.exactonline.nl")
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--refresh-token", required=True)
        parser.add_argument("--division", type=int, help="Exact division code.")

    def handle(self, *args, **options):
        try:
            connection = services.connect_with_refresh_token(
                administration_code=options["administration"],
                name=options["name"],
                base_url=options["base_url"],
                client_id=options["client_id"],
                client_secret=options["client_secret"],
                refresh_token=options["refresh_token"],
                division=options["division"],
            )
        except ReconnectNeeded as exc:
            raise CommandError(f"Exact Online refused the refresh token: {exc.message}") from exc
        except ExactError as exc:
            raise CommandError(f"Could not connect to Exact Online: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Connected {connection.administration.code} to {connection.base_url}, "
                f"division {connection.division}."
            )
        )
