"""Run the background task worker (django-tasks-db)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the task worker that executes queued jobs."

    def handle(self, *args, **options):
        call_command("db_worker", interval=1.0)
