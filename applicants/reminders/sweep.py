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

import json
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from ..models import Deadline, Delivery, ReminderPreferences
from ..models.deadlines import DEFAULT_OFFSETS
from . import schedule
from .display import days_left

STALE = timedelta(seconds=settings.REMINDER_CLAIM_STALE_SECONDS)
BATCH = 1000
# Claimed reminders go to the worker in tasks of this many (one SMTP connection each): one
# task per reminder cost more in publishing and task overhead than the sending itself. A
# sweep's batch (BATCH) makes ten, enough for every worker process; a chunk takes about a
# second, well inside CELERY_VISIBILITY_TIMEOUT.
SEND_CHUNK = 100
# The columns a claim reads (fewer to load: the sweep's time follows the rows it builds).
_SWEPT = ("pk", "applicant_id", "kind", "due_at", "zone", "all_day", "next_offset",
          "applicant__time_zone")
# The applicant's reminder preferences, joined to each row (None: not saved, defaults apply).
# The two lists come as their JSON text, decoded once per distinct text (_listed): decoding
# them for each of 10,000 rows was a tenth of the sweep's time.
_PREF = "applicant__reminder_preferences__"
_PREFS = (f"{_PREF}pk", Cast(f"{_PREF}offsets", TextField()), f"{_PREF}hour",
          f"{_PREF}weekly_digest", f"{_PREF}email", Cast(f"{_PREF}muted_kinds", TextField()))


@lru_cache(maxsize=1024)
def _listed(text: str | None) -> tuple:
    return tuple(json.loads(text)) if text else ()


def sweep(now: datetime | None = None, *, batch: int = BATCH, send=None,
          send_digest=None) -> int:
    """Claim every due reminder (in batches), every weekly digest whose moment has come and
    every stale claim; returns how many sends were handed to `send(delivery_id, token)`
    (default: the send_reminder task, after commit) or `send_digest(applicant_id, token)`
    (default: the send_digest task)."""
    now = now or timezone.now()
    hand = enqueue_sends if send is None else (lambda ids, t: [send(i, t) for i in ids])
    send = send or _enqueue
    send_digest = send_digest or _enqueue_digest
    total = 0
    while True:
        found, claimed = _claim_batch(now, batch, hand)
        total += claimed
        if found < batch:
            break
    total += _claim_digests(now, send_digest)
    return total + _reclaim_stale(now, send, send_digest)


def enqueue_sends(ids: list[int], token: str) -> None:
    """Hand claimed deliveries to the worker, SEND_CHUNK to a task."""
    from ..tasks import send_reminders  # noqa: PLC0415 (the tasks module imports this one)

    for start in range(0, len(ids), SEND_CHUNK):
        send_reminders.delay(ids[start:start + SEND_CHUNK], token)


def _enqueue(delivery_id: int, token: str) -> None:
    from ..tasks import send_reminder  # noqa: PLC0415 (the tasks module imports this one)

    send_reminder.delay(delivery_id, token)


def _enqueue_digest(applicant_id: int, token: str) -> None:
    from ..tasks import send_digest  # noqa: PLC0415

    send_digest.delay(applicant_id, token)


def _claim_batch(now: datetime, batch: int, hand) -> tuple[int, int]:
    """(due rows found, deliveries claimed for sending) for one batch, in one transaction;
    after it commits, `hand(ids, token)` passes the claimed ones on for sending.
    The reminders of applicants who chose the weekly digest are claimed too, as `queued`
    rows the digest sends later."""
    with transaction.atomic():
        # The one indexed query (deadline_reminder_due); rows another sweep holds are skipped.
        # Plain tuples, not model instances: building 3,000 objects per batch was a third of
        # the sweep's time.
        found = list(Deadline.objects.filter(done_at__isnull=True, next_remind_at__lte=now)
                     .select_for_update(skip_locked=True, of=("self",))
                     .order_by("next_remind_at").values_list(*_SWEPT, *_PREFS)[:batch])
        if not found:
            return 0, 0
        split = len(_SWEPT)
        rows = [_Due(*r[:split]) for r in found]
        prefs = {r[1]: _Prefs(_listed(r[split + 1]), r[split + 2], r[split + 3], r[split + 4],
                              _listed(r[split + 5]))
                 for r in found if r[split] is not None}
        ids = _insert_deliveries(rows, now, [_for_digest(prefs.get(r.applicant_id), r)
                                             for r in rows])
        _plan_next(rows, now, prefs)
        token = now.isoformat()
        transaction.on_commit(lambda: hand(ids, token))
    return len(rows), len(ids)


class _Due(NamedTuple):
    pk: int
    applicant_id: int
    kind: str
    due_at: datetime
    zone: str
    all_day: bool
    next_offset: int | None
    time_zone: str


class _Prefs(NamedTuple):
    offsets: tuple[int, ...]
    hour: int
    weekly_digest: bool
    email: bool
    muted_kinds: tuple[str, ...]


def _for_digest(prefs: "_Prefs | None", row: _Due) -> bool:
    """Whether this reminder waits for the weekly digest (an applicant who gets no email of
    this kind gets the in-app notification at once instead)."""
    return bool(prefs and prefs.weekly_digest and prefs.email
                and row.kind not in prefs.muted_kinds)


def _array(values, of: str = "") -> str:
    """A PostgreSQL array literal: one text parameter, where a list parameter costs the
    driver's client-side quoting per element (a fifth of the sweep's time)."""
    return "{" + ",".join(f'"{v}"' if of else str(v) for v in values) + "}"


def _insert_deliveries(rows: list[_Due], now: datetime, digest: list[bool]) -> list[int]:
    """Insert the delivery of each row's due reminder (`queued` for the digest, else
    `sending`); the ids of the `sending` ones inserted (a pair already claimed, by a sweep
    that ran before a crash, is skipped by the constraint)."""
    if connection.vendor == "postgresql":
        table = Delivery._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (deadline_id, due_at, offset_days, state, claimed_at, "  # noqa: S608 (our table name)
                "attempts, digest) SELECT d, a, o, CASE WHEN g THEN 'queued' ELSE 'sending' "
                "END, %s, 0, g FROM unnest(%s::bigint[], %s::timestamptz[], %s::int[], "
                "%s::boolean[]) AS t(d, a, o, g) "
                "ON CONFLICT (deadline_id, due_at, offset_days) DO NOTHING RETURNING id, digest",
                [now, _array(r.pk for r in rows),
                 _array((r.due_at.isoformat() for r in rows), of="text"),
                 _array(r.next_offset for r in rows),
                 _array("t" if g else "f" for g in digest)])
            return [pk for pk, queued in cursor.fetchall() if not queued]
    ids = []
    for r, queued in zip(rows, digest, strict=True):
        try:
            with transaction.atomic():
                made = Delivery.objects.create(
                    deadline_id=r.pk, due_at=r.due_at, offset_days=r.next_offset,
                    claimed_at=now, digest=queued,
                    state=Delivery.State.QUEUED if queued else Delivery.State.SENDING)
        except IntegrityError:
            continue
        if not queued:
            ids.append(made.pk)
    return ids


def _plan_next(rows: list[_Due], now: datetime, prefs: dict) -> None:
    """Plan each row's next reminder and store them all in one statement. Rows with the
    same date, zone and preferences (a season's deadline for many applicants) are planned
    once."""
    planned: dict[tuple, tuple[datetime | None, int | None]] = {}
    ids, moments, offsets = [], [], []
    for r in rows:
        p = prefs.get(r.applicant_id)
        key = (r.due_at, r.zone, r.all_day, (p.offsets if p else None) or tuple(DEFAULT_OFFSETS),
               p.hour if p else 9, r.time_zone, r.next_offset)
        if key not in planned:
            planned[key] = schedule.next_reminder(
                due_at=r.due_at, official_zone=r.zone, all_day=r.all_day, offsets=key[3],
                hour=key[4], zone=schedule.zone_of(r.time_zone), now=now, after=r.next_offset)
        moment, offset = planned[key]
        ids.append(r.pk)
        moments.append(moment)
        offsets.append(offset)
    if connection.vendor != "postgresql":
        for pk, moment, offset in zip(ids, moments, offsets, strict=True):
            Deadline.objects.filter(pk=pk).update(next_remind_at=moment, next_offset=offset)
        return
    # One UPDATE ... FROM unnest: bulk_update's CASE per row costs Django and PostgreSQL
    # O(batch) per row (about 1 s per 1,000 rows, most of the sweep's time).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Deadline._meta.db_table} AS d SET next_remind_at = t.m, "  # noqa: S608 (our table name)
            "next_offset = t.o FROM unnest(%s::bigint[], %s::timestamptz[], %s::int[]) "
            "AS t(i, m, o) WHERE d.id = t.i",
            [_array(ids), _array("NULL" if m is None else m.isoformat() for m in moments),
             _array("NULL" if o is None else o for o in offsets)])


def _claim_digests(now: datetime, send_digest) -> int:
    """The weekly digests whose moment has come (one indexed query, reminder_digest_due):
    claim each applicant's queued reminders (queued -> sending, one token) and plan their
    next digest. Returns how many digests were handed to sending."""
    handed, token = 0, now.isoformat()
    while True:
        with transaction.atomic():
            due = list(ReminderPreferences.objects.filter(next_digest_at__lte=now)
                       .select_related("applicant")
                       .select_for_update(skip_locked=True, of=("self",))[:BATCH])
            claimed = []
            for p in due:
                if Delivery.objects.filter(deadline__applicant_id=p.applicant_id,
                                           state=Delivery.State.QUEUED).update(
                        state=Delivery.State.SENDING, claimed_at=now):
                    claimed.append(p.applicant_id)
                p.next_digest_at = (schedule.next_digest(
                    p.hour, schedule.zone_of(p.applicant.time_zone), now)
                    if p.weekly_digest else None)
            ReminderPreferences.objects.bulk_update(due, ["next_digest_at"])
            transaction.on_commit(lambda c=claimed: [send_digest(a, token) for a in c])
        handed += len(claimed)
        if len(due) < BATCH:
            return handed


def _reclaim_stale(now: datetime, send, send_digest) -> int:
    """Claims older than STALE whose worker died: take each again with a new token (a
    digest's reminders again together, as one digest)."""
    stale = list(Delivery.objects.filter(state=Delivery.State.SENDING,
                                         claimed_at__lt=now - STALE)
                 .values_list("pk", "claimed_at", "digest", "deadline__applicant_id")[:BATCH])
    taken = 0
    digests = {}
    for pk, claimed_at, digest, applicant_id in stale:
        if digest:
            digests.setdefault((applicant_id, claimed_at), []).append(pk)
        elif Delivery.objects.filter(pk=pk, claimed_at=claimed_at).update(claimed_at=now):
            send(pk, now.isoformat())
            taken += 1
    for (applicant_id, claimed_at), pks in digests.items():
        if Delivery.objects.filter(pk__in=pks, claimed_at=claimed_at).update(claimed_at=now):
            send_digest(applicant_id, now.isoformat())
            taken += 1
    return taken


def deliver(delivery_id: int, token: str, *, mail) -> str:
    """Send one claimed delivery (see `deliver_many`). Returns what happened."""
    return deliver_many([delivery_id], token, mail=mail)[delivery_id]


def deliver_many(delivery_ids: list[int], token: str, *, mail) -> dict[int, str]:
    """Send claimed deliveries: take those still claimed with `token` (one UPDATE), load
    them (one query), cancel the done or moved ones; then for each, `mail(deadline,
    delivery)` sends the email (unless the applicant turned emails off, for all or for this
    kind) and the row is marked sent with its in-app notification in one transaction, so a
    killed worker can repeat at most the one in flight. Returns what happened to each id:
    "sent", "cancelled" or "not ours" (sent, cancelled, or claimed again by a later sweep).
    After a mail error the claims not yet sent are given back to `token` for the retry."""
    from ..notifications import notify_if  # noqa: PLC0415

    held, claimed = timezone.now(), datetime.fromisoformat(token)
    outcome = dict.fromkeys(delivery_ids, "not ours")
    Delivery.objects.filter(pk__in=delivery_ids, state=Delivery.State.SENDING,
                            claimed_at=claimed).update(claimed_at=held,
                                                       attempts=F("attempts") + 1)
    taken = list(Delivery.objects.filter(pk__in=delivery_ids, state=Delivery.State.SENDING,
                                         claimed_at=held)
                 .select_related("deadline__applicant__user",
                                 "deadline__applicant__reminder_preferences").order_by("pk"))
    gone = [d.pk for d in taken
            if d.deadline.done_at is not None or d.deadline.due_at != d.due_at]
    if gone:  # done, or moved: the new date has reminders of its own
        Delivery.objects.filter(pk__in=gone).update(state=Delivery.State.CANCELLED)
        outcome.update(dict.fromkeys(gone, "cancelled"))
    for delivery in (d for d in taken if d.pk not in gone):
        deadline = delivery.deadline
        try:
            if _wants_email(deadline):
                mail(deadline, delivery)
        except Exception:
            # Give the claims not yet sent back so the retry (same token) takes them again.
            Delivery.objects.filter(pk__in=delivery_ids, state=Delivery.State.SENDING,
                                    claimed_at=held).update(claimed_at=claimed)
            raise
        if notify_if(_MARK_SENT, [Delivery.State.SENT, timezone.now(), delivery.pk, held],
                     deadline.applicant, "reminder", _line(deadline, delivery), deadline.url):
            outcome[delivery.pk] = "sent"
    return outcome


# Marked sent only while the claim is still this task's (`held`); with its notification, in
# one statement (notifications.notify_if).
_MARK_SENT = (f"UPDATE {Delivery._meta.db_table} SET state = %s, sent_at = %s "  # noqa: S608 (our table name)
              "WHERE id = %s AND claimed_at = %s RETURNING 1")


def deliver_digest(applicant_id: int, token: str, *, mail) -> str:
    """Send one claimed weekly digest: every reminder of the applicant claimed with `token`
    in one email `mail(applicant, deliveries)`, then each marked sent (with its in-app
    notification) in one transaction. The same claim rules as `deliver`."""
    from ..notifications import notify  # noqa: PLC0415

    held = timezone.now()
    mine = Delivery.objects.filter(deadline__applicant_id=applicant_id, digest=True,
                                   state=Delivery.State.SENDING)
    if not mine.filter(claimed_at=datetime.fromisoformat(token)).update(
            claimed_at=held, attempts=F("attempts") + 1):
        return "not ours"
    rows = list(mine.filter(claimed_at=held).select_related("deadline__applicant__user")
                .order_by("deadline__due_at", "pk"))
    gone = [d.pk for d in rows
            if d.deadline.done_at is not None or d.deadline.due_at != d.due_at]
    Delivery.objects.filter(pk__in=gone).update(state=Delivery.State.CANCELLED)
    rows = [d for d in rows if d.pk not in gone]
    if not rows:
        return "cancelled"
    prefs = ReminderPreferences.objects.filter(applicant_id=applicant_id).first()
    emailed = [d for d in rows if prefs is None or prefs.emails_kind(d.deadline.kind)]
    try:
        if emailed:
            mail(rows[0].deadline.applicant, emailed)
    except Exception:
        Delivery.objects.filter(pk__in=[d.pk for d in rows], claimed_at=held).update(
            claimed_at=datetime.fromisoformat(token))
        raise
    with transaction.atomic():
        for d in rows:
            if Delivery.objects.filter(pk=d.pk, claimed_at=held).update(
                    state=Delivery.State.SENT, sent_at=timezone.now()):
                notify(d.deadline.applicant, "reminder", _line(d.deadline, d), d.deadline.url)
    return "sent"


def _wants_email(deadline: Deadline) -> bool:
    try:
        prefs = deadline.applicant.reminder_preferences  # loaded with the delivery
    except ReminderPreferences.DoesNotExist:
        return True
    return prefs.emails_kind(deadline.kind)


def _line(deadline: Deadline, delivery: Delivery) -> str:
    return f"{deadline.title}: {days_left(deadline, deadline.applicant.time_zone, timezone.now())}"
