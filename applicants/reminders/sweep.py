"""The reminder sweep (Celery beat, every minute): find the due (deadline, offset) pairs with
one indexed query, claim each by inserting its delivery row (unique on deadline, due moment,
offset) in state `sending`, and hand each claimed delivery to a task that sends it and only
then marks it `sent`.

Claim-then-mark: a second sweep, a retry or a restarted worker finds the row taken and sends
nothing; a worker killed after claiming leaves a `sending` row whose claim goes stale after
STALE and is taken again (the task checks its claim token, so the stale one cannot send too).
A duplicate is possible only between the mail server accepting a message and the row being
marked sent.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Deadline, Delivery, ReminderPreferences
from ..models.deadlines import DEFAULT_OFFSETS
from . import schedule
from .display import days_left

STALE = timedelta(minutes=5)
BATCH = 1000


def sweep(now: datetime | None = None, *, batch: int = BATCH, send=None) -> int:
    """Claim every due reminder (in batches) and every stale claim; returns how many were
    handed to `send(delivery_id, token)` (default: the send_reminder task, after commit)."""
    now = now or timezone.now()
    send = send or _enqueue
    total = 0
    while True:
        found, claimed = _claim_batch(now, batch, send)
        total += claimed
        if found < batch:
            break
    return total + _reclaim_stale(now, send)


def _enqueue(delivery_id: int, token: str) -> None:
    from ..tasks import send_reminder  # noqa: PLC0415 (the tasks module imports this one)

    send_reminder.delay(delivery_id, token)


def _claim_batch(now: datetime, batch: int, send) -> tuple[int, int]:
    """(due rows found, deliveries claimed) for one batch, in one transaction."""
    with transaction.atomic():
        # The one indexed query (deadline_reminder_due); rows another sweep holds are skipped.
        rows = list(Deadline.objects.filter(done_at__isnull=True, next_remind_at__lte=now)
                    .select_related("applicant").select_for_update(skip_locked=True, of=("self",))
                    .order_by("next_remind_at")[:batch])
        if not rows:
            return 0, 0
        ids = _insert_deliveries(rows, now)
        _plan_next(rows, now)
        token = now.isoformat()
        transaction.on_commit(lambda: [send(i, token) for i in ids])
    return len(rows), len(ids)


def _insert_deliveries(rows: list[Deadline], now: datetime) -> list[int]:
    """Insert the delivery of each row's due reminder; the ids of those inserted (a pair
    already claimed, by a sweep that ran before a crash, is skipped by the constraint)."""
    if connection.vendor == "postgresql":
        table = Delivery._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (deadline_id, due_at, offset_days, state, claimed_at, "  # noqa: S608 (our table name)
                "attempts) SELECT d, a, o, 'sending', %s, 0 FROM unnest(%s::bigint[], "
                "%s::timestamptz[], %s::int[]) AS t(d, a, o) "
                "ON CONFLICT (deadline_id, due_at, offset_days) DO NOTHING RETURNING id",
                [now, [r.pk for r in rows], [r.due_at for r in rows],
                 [r.next_offset for r in rows]])
            return [row[0] for row in cursor.fetchall()]
    ids = []
    for r in rows:
        try:
            with transaction.atomic():
                ids.append(Delivery.objects.create(deadline=r, due_at=r.due_at,
                                                   offset_days=r.next_offset,
                                                   claimed_at=now).pk)
        except IntegrityError:
            continue
    return ids


def _plan_next(rows: list[Deadline], now: datetime) -> None:
    prefs = {p.applicant_id: p for p in ReminderPreferences.objects.filter(
        applicant_id__in={r.applicant_id for r in rows})}
    for r in rows:
        p = prefs.get(r.applicant_id)
        r.next_remind_at, r.next_offset = schedule.next_reminder(
            due_at=r.due_at, official_zone=r.zone, all_day=r.all_day,
            offsets=(p.offsets if p else None) or DEFAULT_OFFSETS,
            hour=p.hour if p else 9, zone=schedule.zone_of(r.applicant.time_zone), now=now,
            after=r.next_offset)
    Deadline.objects.bulk_update(rows, ["next_remind_at", "next_offset"])


def _reclaim_stale(now: datetime, send) -> int:
    """Claims older than STALE whose worker died: take each again with a new token."""
    stale = list(Delivery.objects.filter(state=Delivery.State.SENDING,
                                         claimed_at__lt=now - STALE)
                 .values_list("pk", "claimed_at")[:BATCH])
    taken = 0
    for pk, claimed_at in stale:
        if Delivery.objects.filter(pk=pk, claimed_at=claimed_at).update(claimed_at=now):
            send(pk, now.isoformat())
            taken += 1
    return taken


def deliver(delivery_id: int, token: str, *, mail) -> str:
    """Send one claimed delivery: `mail(deadline, delivery)` sends the email (unless the
    applicant turned emails off, for all or for this kind), then the row is marked sent
    with the in-app notification in one transaction. Returns what happened."""
    from ..notifications import notify  # noqa: PLC0415

    held = timezone.now()
    took = Delivery.objects.filter(pk=delivery_id, state=Delivery.State.SENDING,
                                   claimed_at=datetime.fromisoformat(token)).update(
        claimed_at=held, attempts=F("attempts") + 1)
    if not took:
        return "not ours"  # sent, cancelled, or claimed again by a later sweep
    delivery = Delivery.objects.select_related("deadline__applicant__user").get(pk=delivery_id)
    deadline = delivery.deadline
    if deadline.done_at is not None or deadline.due_at != delivery.due_at:
        Delivery.objects.filter(pk=delivery_id).update(state=Delivery.State.CANCELLED)
        return "cancelled"  # done, or moved: the new date has reminders of its own
    try:
        if _wants_email(deadline):
            mail(deadline, delivery)
    except Exception:
        # Give the claim back so the retry (same token) can take it again.
        Delivery.objects.filter(pk=delivery_id, claimed_at=held).update(
            claimed_at=datetime.fromisoformat(token))
        raise
    with transaction.atomic():
        if Delivery.objects.filter(pk=delivery_id, claimed_at=held).update(
                state=Delivery.State.SENT, sent_at=timezone.now()):
            notify(deadline.applicant, "reminder", _line(deadline, delivery), deadline.url)
    return "sent"


def _wants_email(deadline: Deadline) -> bool:
    prefs = ReminderPreferences.objects.filter(applicant_id=deadline.applicant_id).first()
    return prefs is None or prefs.emails_kind(deadline.kind)


def _line(deadline: Deadline, delivery: Delivery) -> str:
    return f"{deadline.title}: {days_left(deadline, deadline.applicant.time_zone, timezone.now())}"
