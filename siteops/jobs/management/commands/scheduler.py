"""Run the scheduler that enqueues the periodic jobs of siteops/jobs/schedule.py."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the periodic-job scheduler (one per installation; a Redis lock guards extra ones)."

    def handle(self, *args, **options):
        call_command("crontask", no_heartbeat=True)
