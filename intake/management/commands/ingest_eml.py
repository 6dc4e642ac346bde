from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exactbridge.administrations.models import Administration
from intake.channels.email import ingest_message
from intake.services import DocumentTooLarge


class Command(BaseCommand):
    help = (
        "Take saved e-mails (.eml) in: every attachment becomes a case, the message is kept "
        "with them. A message taken in before is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--administration", required=True, metavar="CODE")

    def handle(self, *args, files, administration, **options):
        try:
            target = Administration.objects.get(code=administration)
        except Administration.DoesNotExist:
            raise CommandError(f"No administration with code {administration!r}.") from None
        failures = 0
        for path in files:
            try:
                result = ingest_message(
                    administration=target,
                    data=path.read_bytes(),
                    origin={"path": str(path.resolve())},
                )
            except (OSError, DocumentTooLarge) as exc:
                failures += 1
                self.stderr.write(f"{path}: not taken in: {exc}")
                continue
            outcome = ", ".join(
                f"case #{case.pk} {case.document.filename} ({case.get_status_display()})"
                for case in result.cases
            )
            if result.already_received:
                self.stdout.write(f"{path}: taken in before; {outcome or 'no cases'}")
            else:
                self.stdout.write(f"{path}: {outcome}")
        if failures:
            raise CommandError(f"{failures} file(s) could not be taken in.")
