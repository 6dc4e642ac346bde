from django.core.management.base import BaseCommand

from exactbridge.schedules import install_schedules


class Command(BaseCommand):
    help = "Install or update the periodic jobs (exactbridge/schedules.py). Safe to run again."

    def handle(self, *args, **options):
        for job, created in install_schedules():
            verb = "installed" if created else "updated"
            self.stdout.write(f"{job.name}: {verb} ({job.func} every {job.minutes} min)")
