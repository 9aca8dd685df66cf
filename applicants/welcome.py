"""The welcome email, claim-then-mark like the reminders (applicants.reminders.sweep).

Verifying the email address claims it in its transaction (`welcome_claimed_at`; the welcome
never goes to an address not shown to be the user's) and enqueues the task after commit with
that claim as its token. The task takes the claim (token matches, or no claim at
all for a direct call), sends, and only then sets `welcome_sent_at`. A worker killed between
the claim and the mark, or a broker that was down at sign-up, leaves a claim with no send:
the reminder sweep takes every such claim older than STALE again with a new token, so the
welcome is sent once; a duplicate is possible only between the mail server accepting the
message and the row being marked.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import emails
from .models import User

STALE = timedelta(seconds=settings.REMINDER_CLAIM_STALE_SECONDS)
log = logging.getLogger(__name__)


def claim(user: User, now: datetime | None = None) -> str:
    """Claim the welcome (inside the verification's transaction); the token, or "" when it
    is sent already or claimed by someone else (a second address, a double click)."""
    now = now or timezone.now()
    claimed = User.objects.filter(pk=user.pk, welcome_sent_at__isnull=True,
                                  welcome_claimed_at__isnull=True).update(welcome_claimed_at=now)
    return now.isoformat() if claimed else ""


def deliver(user_id: int, token: str | None = None) -> str:
    """Send the welcome if the claim `token` is still ours (None: claim it now, if nobody
    holds a live claim); mark it sent after the backend returns. Returns what happened."""
    held = timezone.now()
    unsent = User.objects.filter(pk=user_id, welcome_sent_at__isnull=True)
    if token is None:
        mine = unsent.filter(Q(welcome_claimed_at__isnull=True)
                             | Q(welcome_claimed_at__lt=held - STALE))
    else:
        mine = unsent.filter(welcome_claimed_at=datetime.fromisoformat(token))
    if not mine.update(welcome_claimed_at=held):
        return "not ours"  # sent, gone, or claimed again by a later sweep
    try:
        emails.welcome(User.objects.get(pk=user_id))
    except Exception:
        # Give the claim back so the retry (same token) can take it again.
        User.objects.filter(pk=user_id, welcome_claimed_at=held).update(
            welcome_claimed_at=datetime.fromisoformat(token) if token else None)
        raise
    User.objects.filter(pk=user_id, welcome_claimed_at=held).update(welcome_sent_at=timezone.now())
    return "sent"


def reclaim_stale(now: datetime, send) -> int:
    """Welcome claims older than STALE with no send (a dead worker, a broker down at sign-up):
    take each again with a new token and hand it to `send(user_id, token)`."""
    stale = list(User.objects.filter(welcome_sent_at__isnull=True,
                                     welcome_claimed_at__lt=now - STALE)
                 .values_list("pk", "welcome_claimed_at")[:1000])
    taken = 0
    for pk, claimed_at in stale:
        if User.objects.filter(pk=pk, welcome_claimed_at=claimed_at).update(
                welcome_claimed_at=now):
            send(pk, now.isoformat())
            taken += 1
    return taken


def enqueue(user_id: int, token: str | None = None) -> None:
    """Hand the welcome to the worker; with the broker unreachable, log and leave the claim
    for the sweep (a web request must not fail or wait on Redis)."""
    from .tasks import send_welcome_email  # noqa: PLC0415 (tasks imports this module)

    try:
        send_welcome_email.delay(user_id, token)
    except Exception:  # kombu/redis errors: the claim stays, the sweep takes it after STALE
        log.warning("welcome email for user %s not enqueued; the sweep will send it", user_id,
                    exc_info=True)
