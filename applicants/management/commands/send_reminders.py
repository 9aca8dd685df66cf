from django.core.management.base import BaseCommand
from django.utils import timezone

from applicants import welcome
from applicants.reminders import sweep


class Command(BaseCommand):
    help = ("Run the reminder sweep once: claim every reminder due now and send it (with no "
            "Redis, in this process; with the console email backend, to this terminal).")

    def handle(self, *args, **options):
        handed = sweep.sweep()
        self.stdout.write(f"Reminders handed to sending: {handed}")
        welcomes = welcome.reclaim_stale(timezone.now(), welcome.enqueue)
        if welcomes:
            self.stdout.write(f"Welcome emails taken again: {welcomes}")
