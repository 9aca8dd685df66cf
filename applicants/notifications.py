"""In-app notifications: `notify(applicant, kind, text, url)` from any app (the bell in the
header, the list page). The unread count lives on the user so the header costs no query."""

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Applicant, Notification, User


# No savepoint: inside the caller's transaction (a reminder marked sent, a review saved) a
# failure here fails the caller's whole write anyway, and the reminder worker does this once
# per email (a savepoint is two more round trips to the database each time).
@transaction.atomic(savepoint=False)
def notify(applicant: Applicant | int, kind: str, text: str, url: str = "") -> Notification:
    """Add a line to the applicant's bell."""
    applicant_id = applicant if isinstance(applicant, int) else applicant.pk
    note = Notification.objects.create(applicant_id=applicant_id, kind=kind,
                                       text=text[:300], url=url[:300])
    users = (User.objects.filter(applicant__pk=applicant_id) if isinstance(applicant, int)
             else User.objects.filter(pk=applicant.user_id))
    users.update(unread_notifications=F("unread_notifications") + 1)
    return note


def notify_if(statement: str, params: list, applicant: Applicant, kind: str, text: str,
              url: str = "") -> bool:
    """Run `statement` (an UPDATE ... RETURNING 1 of the caller's own row) and, only if it
    changed a row, `notify` the applicant, both or neither: the reminder worker marks each
    email sent this way. On PostgreSQL it is one statement (data-modifying CTEs), so one
    round trip to the database per email instead of five."""
    if connection.vendor != "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
            if not cursor.fetchall():
                return False
            notify(applicant, kind, text, url)
            return True
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH changed AS ({statement}), note AS ("  # noqa: S608 (our SQL and tables)
            f"INSERT INTO {Notification._meta.db_table} (applicant_id, kind, text, url, "
            "created_at) SELECT %s, %s, %s, %s, %s FROM changed RETURNING 1) "
            f"UPDATE {User._meta.db_table} SET unread_notifications = unread_notifications + 1 "
            "WHERE id = %s AND EXISTS (SELECT 1 FROM note) RETURNING 1",
            [*params, applicant.pk, kind, text[:300], url[:300], timezone.now(),
             applicant.user_id])
        return bool(cursor.fetchall())


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
