"""In-app notifications: `notify(applicant, kind, text, url)` from any app (the bell in the
header, the list page). The unread count lives on the user so the header costs no query."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Applicant, Notification, User


@transaction.atomic
def notify(applicant: Applicant | int, kind: str, text: str, url: str = "") -> Notification:
    """Add a line to the applicant's bell."""
    applicant_id = applicant if isinstance(applicant, int) else applicant.pk
    note = Notification.objects.create(applicant_id=applicant_id, kind=kind,
                                       text=text[:300], url=url[:300])
    User.objects.filter(applicant__pk=applicant_id).update(
        unread_notifications=F("unread_notifications") + 1)
    return note


@transaction.atomic
def mark_read(applicant: Applicant, ids: list[int] | None = None) -> int:
    """Mark the applicant's notifications read (all, or those of `ids`); returns how many."""
    unread = Notification.objects.filter(applicant=applicant).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    done = unread.update(read_at=timezone.now())
    left = Notification.objects.filter(applicant=applicant).unread().count()
    User.objects.filter(pk=applicant.user_id).update(unread_notifications=left)
    return done
