from collections import Counter
from functools import partial
from smtplib import SMTPException

from celery import shared_task
from django.core.mail import get_connection
from django.utils import timezone

from . import welcome
from .reminders import emails as reminder_emails
from .reminders import sweep


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_welcome_email(user_id: int, token: str | None = None) -> str:
    """Send the welcome email once, even if the task runs twice (applicants.welcome)."""
    return welcome.deliver(user_id, token)


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_reminder(delivery_id: int, token: str) -> str:
    """Send one claimed reminder and mark it sent (applicants.reminders.sweep.deliver)."""
    return sweep.deliver(delivery_id, token, mail=reminder_emails.reminder)


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_reminders(delivery_ids: list[int], token: str) -> dict[str, int]:
    """Send a chunk of claimed reminders over one mail connection, each marked sent as soon
    as the mail backend returns (a killed worker can duplicate at most the one in flight).
    A retry after a mail error skips those already sent (their claim is no longer ours)."""
    with get_connection() as connection:
        done = sweep.deliver_many(delivery_ids, token,
                                  mail=partial(reminder_emails.reminder, connection=connection))
    return dict(Counter(done.values()))


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_digest(applicant_id: int, token: str) -> str:
    """Send one claimed weekly digest and mark its reminders sent (sweep.deliver_digest)."""
    return sweep.deliver_digest(applicant_id, token, mail=reminder_emails.digest)


@shared_task
def sweep_reminders() -> int:
    """Celery beat, every minute: claim the due reminders and enqueue their sending; take
    again the welcome emails whose claim went stale."""
    return sweep.sweep() + welcome.reclaim_stale(timezone.now(), welcome.enqueue)
