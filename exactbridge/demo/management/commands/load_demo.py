from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from exactbridge.demo.services import connect_to_simulator, load_demo


class Command(BaseCommand):
    help = "Load the demo administrations, users for every role and demo work. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even though DEBUG is off (the demo users have well-known passwords).",
        )
        parser.add_argument(
            "--simulator",
            metavar="URL",
            help="Connect the demo administration to the Exact Online simulator running here.",
        )

    def handle(self, *args, allow_production=False, simulator=None, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like production, and the demo users have well-known "
                "passwords. Pass --allow-production if you really want them here."
            )
        for line in load_demo():
            self.stdout.write(line)
        if simulator:
            for line in connect_to_simulator(simulator.rstrip("/")):
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
