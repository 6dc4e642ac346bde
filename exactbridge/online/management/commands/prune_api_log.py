"""Drop logged Exact API calls past the retention, e.g. once by hand after lowering it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from exactbridge.online.retention import prune_api_calls


class Command(BaseCommand):
    help = (
        "Delete logged Exact API calls older than EXACT_API_LOG_RETENTION_DAYS (or --days), in "
        "batches, and print how many were removed. Also runs daily as a scheduled job."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Keep this many days instead of EXACT_API_LOG_RETENTION_DAYS (at least 1).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        kept = settings.EXACT_API_LOG_RETENTION_DAYS if days is None else days
        removed = prune_api_calls(older_than_days=kept)
        self.stdout.write(f"Removed {removed} Exact API calls older than {kept} days.")
