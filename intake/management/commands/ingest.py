import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_q.status import Stat

from cases.models import Case
from exactbridge.administrations.models import Administration
from intake.models import Document
from intake.pipeline import read_case_document
from intake.services import DocumentTooLarge, receive_document

UNFINISHED = {Case.Status.RECEIVED, Case.Status.READING}


class Command(BaseCommand):
    help = "Take files in as documents of an administration; each becomes a case."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--administration", required=True, metavar="CODE")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Wait until every document is read and print each case's outcome. Without a "
            "running worker, the documents are read by this command itself.",
        )
        parser.add_argument("--timeout", type=float, default=300, help="Seconds to wait at most.")

    def handle(self, *args, files, administration, wait, timeout, **options):
        try:
            target = Administration.objects.get(code=administration)
        except Administration.DoesNotExist:
            raise CommandError(f"No administration with code {administration!r}.") from None
        cases = []
        failures = 0
        for path in files:
            try:
                data = path.read_bytes()
                case = receive_document(
                    administration=target,
                    data=data,
                    filename=path.name,
                    channel=Document.Channel.COMMAND,
                    origin={"path": str(path.resolve())},
                )
            except (OSError, DocumentTooLarge) as exc:
                failures += 1
                self.stderr.write(f"{path}: not taken in: {exc}")
                continue
            cases.append(case)
            self.stdout.write(f"{path}: case #{case.pk} ({case.get_status_display()})")
        if wait and cases:
            self._wait(cases, timeout)
        if failures:
            raise CommandError(f"{failures} file(s) could not be taken in.")

    def _wait(self, cases, timeout):
        ids = [case.pk for case in cases]
        if not Stat.get_all():
            self.stdout.write("No worker is running; reading the documents here.")
            for case_id in ids:
                read_case_document(case_id=case_id)
        deadline = time.monotonic() + timeout
        while Case.objects.filter(pk__in=ids, status__in=UNFINISHED).exists():
            if time.monotonic() > deadline:
                raise CommandError(f"Gave up waiting after {timeout:.0f} s.")
            time.sleep(0.5)
        for case in Case.objects.filter(pk__in=ids).select_related("document").order_by("pk"):
            reason = f": {case.get_status_reason_display()}" if case.status_reason else ""
            self.stdout.write(
                f"case #{case.pk} {case.document.filename}: {case.get_status_display()}"
                f" — {case.get_kind_display()}{reason}"
            )
