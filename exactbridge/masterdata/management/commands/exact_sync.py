"""``manage.py exact_sync --administration CODE [--full] [--entity NAME …]``: bring the mirror of
one administration up to date now and print what each entity did."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from exactbridge.administrations.models import Administration


class Command(BaseCommand):
    help = "Read Exact Online master data into the local mirror (incremental unless --full)."

    def add_arguments(self, parser):
        parser.add_argument("--administration", required=True, help="The administration's code.")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Read everything again and mark what Exact no longer has as deleted.",
        )
        parser.add_argument(
            "--entity", action="append", default=[], help="Only this entity (repeatable)."
        )

    def handle(self, *args, administration: str, full: bool, entity: list[str], **options):
        from exactbridge.online import sync
        from exactbridge.online.models import ExactOnlineConnection

        found = Administration.objects.filter(code=administration).first()
        if found is None:
            raise CommandError(f"No administration with code {administration!r}.")
        unknown = sorted(set(entity) - set(sync.ENTITIES))
        if unknown:
            raise CommandError(
                f"Unknown entity: {', '.join(unknown)}. Known: {', '.join(sync.ENTITIES)}."
            )
        if entity:
            connection = ExactOnlineConnection.objects.filter(administration=found).first()
            if connection is None or connection.division is None:
                raise CommandError("Exact Online is not connected for this administration.")
            results = [
                sync.sync_entity(connection=connection, entity=name, full=full) for name in entity
            ]
        else:
            results = sync.sync_administration(administration=found, full=full)
        self.stdout.write(
            f"{'entity':<20} {'fetched':>8} {'created':>8} {'updated':>8} {'deleted':>8} "
            f"{'seconds':>8}"
        )
        failed = False
        for result in results:
            c = result.counts
            line = (
                f"{result.entity:<20} {c.fetched:>8} {c.created:>8} {c.updated:>8} "
                f"{c.deleted:>8} {result.seconds:>8.1f}"
            )
            if result.error:
                failed = True
                line += f"  ERROR: {result.error}"
            self.stdout.write(line)
        if failed:
            raise CommandError("Some entities could not be synchronised; see above.")
