from django.core.management.base import BaseCommand, CommandError

from intake.channels.imap import enabled_mailbox_ids, poll_mailbox


class Command(BaseCommand):
    help = (
        "Poll the enabled mailboxes now, here, instead of waiting for the scheduled job; "
        "prints what each poll took in and what went wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--mailbox", type=int, action="append", metavar="ID", help="Only this mailbox."
        )

    def handle(self, *args, mailbox, **options):
        problems = 0
        for mailbox_id in mailbox or enabled_mailbox_ids():
            result = poll_mailbox(mailbox_id=mailbox_id)
            if result is None:
                self.stdout.write(f"mailbox {mailbox_id}: disabled, unknown or being polled")
                continue
            self.stdout.write(
                f"mailbox {mailbox_id}: {result.taken_in} taken in, "
                f"{result.already_received} taken in before, {len(result.failed)} failed"
            )
            for line in [result.error, *result.failed]:
                if line:
                    problems += 1
                    self.stderr.write(f"  {line}")
        if problems:
            raise CommandError(f"{problems} problem(s); see above and the mailboxes' last error.")
