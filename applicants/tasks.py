from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import emails
from .models import User
from .reminders import emails as reminder_emails
from .reminders import sweep


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_welcome_email(user_id: int) -> None:
    """Send the welcome email once, even if the task runs twice."""
    claimed = User.objects.filter(pk=user_id, welcome_sent_at__isnull=True).update(
        welcome_sent_at=timezone.now()
    )
    if not claimed:
        return  # already sent, or the user is gone
    try:
        emails.welcome(User.objects.get(pk=user_id))
    except Exception:
        # Release the claim so a retry can send it.
        User.objects.filter(pk=user_id).update(welcome_sent_at=None)
        raise


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_reminder(delivery_id: int, token: str) -> str:
    """Send one claimed reminder and mark it sent (applicants.reminders.sweep.deliver)."""
    return sweep.deliver(delivery_id, token, mail=reminder_emails.reminder)


@shared_task
def sweep_reminders() -> int:
    """Celery beat, every minute: claim the due reminders and enqueue their sending."""
    return sweep.sweep()
