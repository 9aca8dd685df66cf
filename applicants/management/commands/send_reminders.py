from django.core.management.base import BaseCommand

from applicants.reminders import sweep


class Command(BaseCommand):
    help = ("Run the reminder sweep once: claim every reminder due now and send it (with no "
            "Redis, in this process; with the console email backend, to this terminal).")

    def handle(self, *args, **options):
        handed = sweep.sweep()
        self.stdout.write(f"Reminders handed to sending: {handed}")
