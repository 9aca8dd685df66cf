"""The writers of deadlines: the road refresh's difference, the applicant's own deadlines,
snoozing, and the preferences that decide each next reminder."""

import secrets
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Applicant, Deadline, Delivery, ReminderPreferences
from ..models.deadlines import DEFAULT_OFFSETS
from . import schedule
from .sources import DueDate, drops_unstated

FIELDS = ("kind", "title", "due_at", "zone", "all_day", "url", "what_to_do", "confirmed")


def preferences(applicant_id: int) -> ReminderPreferences:
    """The applicant's preferences; the defaults (unsaved) until they save the page."""
    found = ReminderPreferences.objects.filter(applicant_id=applicant_id).first()
    return found or ReminderPreferences(applicant_id=applicant_id, offsets=list(DEFAULT_OFFSETS))


def plan(row: Deadline, prefs: ReminderPreferences, zone, now: datetime,
         after: int | None = None) -> None:
    """Set the row's next reminder from its date and the applicant's preferences."""
    row.next_remind_at, row.next_offset = schedule.next_reminder(
        due_at=row.due_at, official_zone=row.zone, all_day=row.all_day,
        offsets=prefs.offsets or DEFAULT_OFFSETS, hour=prefs.hour, zone=zone, now=now, after=after)


def write(applicant: Applicant, derived: list[DueDate], now: datetime | None = None) -> dict:
    """Write the difference between the sources' dates and the stored rows: create the new,
    move the changed (their reminders start again for the new date), mark done the ones no
    source states any more, reopen the ones stated again. Call inside the writer's
    transaction (the road refresh). A source that drops unstated rows (sources.
    DeadlineSource.drops_unstated) has them removed instead, and states a finished task
    as done. Returns counts, for tests and logs."""
    now = now or timezone.now()
    prefs = preferences(applicant.pk)
    zone = schedule.zone_of(applicant.time_zone)
    stored = {d.source_key: d for d in Deadline.objects.filter(applicant_id=applicant.pk)
              .exclude(kind=Deadline.Kind.OWN)}
    wanted = {d.key: d for d in derived}
    new, changed, done, gone = [], [], [], []
    for key, due in wanted.items():
        row = stored.get(key)
        if due.done:
            if row is not None and row.done_at is None:
                done.append(_mark_done(row, now))
            continue  # a task finished before any row was written needs none
        values = _values(due)
        if row is None:
            row = Deadline(applicant_id=applicant.pk, source_key=key, **values)
            plan(row, prefs, zone, now)
            new.append(row)
            continue
        moved = row.due_at != values["due_at"]
        differs = any(getattr(row, f) != v for f, v in values.items())
        if differs or row.done_at is not None:
            for name, value in values.items():
                setattr(row, name, value)
            if moved or row.done_at is not None:
                plan(row, prefs, zone, now)
            row.done_at = None
            changed.append(row)
    for key, row in stored.items():
        if key in wanted:
            continue
        if drops_unstated(key):
            gone.append(row.pk)
        elif row.done_at is None:
            done.append(_mark_done(row, now))
    Deadline.objects.bulk_create(new)
    Deadline.objects.bulk_update(changed + done, [*FIELDS, "done_at", "next_remind_at",
                                                  "next_offset", "updated_at"])
    if gone:
        Deadline.objects.filter(pk__in=gone).delete()  # their deliveries go with them
    return {"created": len(new), "changed": len(changed), "done": len(done),
            "removed": len(gone)}


def _mark_done(row: Deadline, now: datetime) -> Deadline:
    row.done_at, row.next_remind_at, row.next_offset = now, None, None
    return row


def _values(due: DueDate) -> dict:
    return {"kind": due.kind, "title": due.title[:200], "due_at": due.due_at, "zone": due.zone,
            "all_day": due.at is None, "url": reverse(due.url_name) if due.url_name else "",
            "what_to_do": due.what_to_do[:300], "confirmed": due.confirmed}


@transaction.atomic
def add_own(applicant: Applicant, *, title: str, on: date, note: str = "") -> Deadline:
    """A deadline the applicant adds themselves: an all-day date in their own zone."""
    zone = schedule.zone_of(applicant.time_zone)
    row = Deadline(applicant=applicant, source_key=f"own:{secrets.token_hex(8)}",
                   kind=Deadline.Kind.OWN, title=title[:200], note=note,
                   due_at=datetime.combine(on, datetime.min.time(), zone), zone=zone.key,
                   all_day=True, url=reverse("applicants:deadlines"))
    plan(row, preferences(applicant.pk), zone, timezone.now())
    row.save()
    return row


@transaction.atomic
def set_own_done(deadline: Deadline, done: bool = True) -> None:
    deadline.done_at = timezone.now() if done else None
    if done:
        deadline.next_remind_at = deadline.next_offset = None
    else:
        plan(deadline, preferences(deadline.applicant_id),
             schedule.zone_of(deadline.applicant.time_zone), timezone.now())
    deadline.save(update_fields=["done_at", "next_remind_at", "next_offset", "updated_at"])


@transaction.atomic
def snooze(deadline: Deadline, *, days: int, now: datetime | None = None) -> None:
    """Put the next reminder off by `days` (never past the deadline itself); with none
    left (all sent), remind once more `days` from now."""
    now = now or timezone.now()
    if deadline.next_offset is None:
        deadline.next_offset = min(preferences(deadline.applicant_id).offsets or [1])
    start = max(deadline.next_remind_at or now, now)
    deadline.next_remind_at = min(start + timedelta(days=days), max(deadline.due_at, now))
    deadline.save(update_fields=["next_remind_at", "next_offset", "updated_at"])


@transaction.atomic
def replan_all(applicant: Applicant, now: datetime | None = None) -> None:
    """After the preferences or the time zone change: every open deadline's next reminder
    again, skipping the offsets already claimed for its current date."""
    now = now or timezone.now()
    prefs = preferences(applicant.pk)
    zone = schedule.zone_of(applicant.time_zone)
    rows = list(Deadline.objects.filter(applicant=applicant).open())
    claimed = {}
    for deadline_id, due_at, offset in Delivery.objects.filter(
            deadline__in=rows).values_list("deadline_id", "due_at", "offset_days"):
        claimed.setdefault((deadline_id, due_at), []).append(offset)
    for row in rows:
        taken = claimed.get((row.pk, row.due_at))
        plan(row, prefs, zone, now, after=min(taken) if taken else None)
    Deadline.objects.bulk_update(rows, ["next_remind_at", "next_offset"])
    if prefs.pk:
        plan_digest(prefs, zone, now)
        prefs.save(update_fields=["next_digest_at"])


def plan_digest(prefs: ReminderPreferences, zone, now: datetime) -> None:
    """The next weekly digest (schedule.next_digest); with the digest switched off, one last
    digest at the next sweep for the reminders still waiting, if any."""
    if prefs.weekly_digest:
        prefs.next_digest_at = schedule.next_digest(prefs.hour, zone, now)
    elif Delivery.objects.filter(deadline__applicant_id=prefs.applicant_id,
                                 state=Delivery.State.QUEUED).exists():
        prefs.next_digest_at = now
    else:
        prefs.next_digest_at = None


@transaction.atomic
def save_preferences(applicant: Applicant, *, offsets, email: bool, email_kinds,
                     weekly_digest: bool, hour: int) -> ReminderPreferences:
    prefs, _ = ReminderPreferences.objects.get_or_create(applicant=applicant)
    prefs.offsets, prefs.email, prefs.weekly_digest, prefs.hour = offsets, email, \
        weekly_digest, hour
    prefs.muted_kinds = [k for k, _ in Deadline.Kind.choices if k not in set(email_kinds)]
    prefs.save()
    replan_all(applicant)
    return prefs


@transaction.atomic
def unsubscribe(applicant_id: int) -> None:
    prefs, _ = ReminderPreferences.objects.get_or_create(applicant_id=applicant_id)
    prefs.email = False
    prefs.save(update_fields=["email"])


@transaction.atomic
def new_calendar_token(applicant: Applicant) -> str:
    prefs, _ = ReminderPreferences.objects.get_or_create(applicant=applicant)
    prefs.calendar_token = secrets.token_urlsafe(24)
    prefs.save(update_fields=["calendar_token"])
    return prefs.calendar_token
