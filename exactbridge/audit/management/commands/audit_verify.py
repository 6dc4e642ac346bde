from django.core.management.base import BaseCommand, CommandError

from exactbridge.administrations.models import Administration
from exactbridge.audit.verify import chains_to_verify, verify_chain


class Command(BaseCommand):
    help = (
        "Walk the audit hash chains (one per administration, plus the global one) and report the "
        "first broken link. Exits non-zero when any chain is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--administration", metavar="CODE", help="Verify only this one.")

    def handle(self, *args, administration=None, **options):
        administration_id = None
        if administration:
            try:
                administration_id = Administration.objects.get(code=administration).pk
            except Administration.DoesNotExist:
                raise CommandError(f"No administration with code {administration!r}.") from None
        broken = []
        for chain in chains_to_verify(administration_id):
            report = verify_chain(chain)
            if report.ok:
                self.stdout.write(f"OK      {chain}: {report.events} events, chain intact")
                continue
            broken.append(report)
            where = (
                f"event #{report.broken_event_id} (sequence {report.broken_sequence})"
                if report.broken_event_id
                else f"sequence {report.broken_sequence}"
            )
            self.stdout.write(f"BROKEN  {chain}: at {where}: {report.reason}")
        if broken:
            raise CommandError(f"{len(broken)} audit chain(s) broken.")
