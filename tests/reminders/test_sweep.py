"""The sweep: claim-then-send, once per (deadline, due moment, offset), at the local hour."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from applicants.models import Deadline, Delivery, ReminderPreferences
from applicants.reminders import services, sweep
from tests.factories import ApplicantFactory, DeadlineFactory

pytestmark = pytest.mark.django_db


def own(applicant, on, now, title="Send the letter"):
    """An own all-day deadline on `on`, planned as of `now`."""
    zone = ZoneInfo(applicant.time_zone)
    row = DeadlineFactory(applicant=applicant, title=title, zone=zone.key,
                          due_at=datetime.combine(on, datetime.min.time(), zone))
    services.plan(row, services.preferences(applicant.pk), zone, now)
    row.save()
    return row


def sweep_hourly(start, hours):
    """Sweep every hour from `start` (the beat runs every minute; whole hours suffice for
    hour-aligned delivery), committing each sweep's work (on_commit runs the tasks)."""
    sent = []
    for h in range(hours):
        now = start + timedelta(hours=h)
        before = len(mail.outbox)
        _sweep_committed(now)
        sent += [(now, m) for m in mail.outbox[before:]]
    return sent


def _sweep_committed(now):
    from django.db import connection

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: now)
        callbacks = []
        patch.setattr(connection, "on_commit", lambda f, robust=False: callbacks.append(f),
                      raising=False)
        sweep.sweep(now, send=lambda i, t: callbacks.append(
            lambda: _deliver(i, t)))
        # on_commit inside the test transaction does not fire: run what it would run.
        for f in list(callbacks):
            f()


def _deliver(delivery_id, token):
    from applicants.reminders import emails

    sweep.deliver(delivery_id, token, mail=emails.reminder)


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch):
    """Run on_commit callbacks at once: the sweep's claims commit in production."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda f, using=None, robust=False: f())


def test_each_offset_is_sent_once_at_nine_local(applicant):
    applicant.time_zone = "Asia/Kolkata"
    applicant.save()
    start = datetime(2026, 10, 1, tzinfo=UTC)
    row = own(applicant, datetime(2026, 11, 15).date(), start)
    sent = sweep_hourly(start, 24 * 46)
    assert len(sent) == 3
    local = [when.astimezone(ZoneInfo("Asia/Kolkata")) for when, _ in sent]
    assert [t.hour for t in local] == [9, 9, 9]  # 09:00 in Kolkata is 03:30 UTC: the sweep
    # after it (04:00 UTC) sends, within the hour of the sweep cadence used here
    assert [t.date().isoformat() for t in local] == ["2026-10-16", "2026-11-08", "2026-11-14"]
    assert Delivery.objects.filter(deadline=row, state="sent").count() == 3
    assert "Send the letter" in sent[0][1].subject


def test_two_sweeps_at_once_claim_a_reminder_once(applicant):
    now = datetime(2026, 10, 1, 12, tzinfo=UTC)
    row = own(applicant, (now + timedelta(days=3)).date(), now - timedelta(days=30))
    row.next_remind_at, row.next_offset = now, 7
    row.save()
    handed = []
    assert sweep.sweep(now, send=lambda i, t: handed.append(i)) == 1
    Deadline.objects.filter(pk=row.pk).update(next_remind_at=now, next_offset=7)  # replay
    assert sweep.sweep(now, send=lambda i, t: handed.append(i)) == 0  # the constraint holds
    assert len(handed) == 1 and Delivery.objects.count() == 1


def test_the_task_run_twice_sends_once(applicant):
    now = timezone.now()
    row = own(applicant, (now + timedelta(days=1)).date(), now)
    tokens = []
    sweep.sweep(now + timedelta(days=1), send=lambda i, t: tokens.append((i, t)))
    (delivery_id, token), = tokens
    for _ in range(2):
        _deliver(delivery_id, token)
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(pk=delivery_id).state == "sent"
    assert row.applicant.notifications.count() == 1


def test_a_stale_claim_is_taken_again_and_the_old_token_sends_nothing(applicant):
    now = timezone.now()
    own(applicant, (now + timedelta(days=2)).date(), now)
    lost = []
    sweep.sweep(now + timedelta(days=2), send=lambda i, t: lost.append((i, t)))  # worker dies
    (delivery_id, old), = lost
    later = now + timedelta(days=2) + sweep.STALE + timedelta(seconds=1)
    again = []
    assert sweep.sweep(later, send=lambda i, t: again.append((i, t))) == 1
    _deliver(delivery_id, old)  # the dead worker's message, redelivered late
    assert len(mail.outbox) == 0
    _deliver(*again[0])
    assert len(mail.outbox) == 1


def test_a_moved_date_reminds_again_for_the_new_date_never_twice_for_the_old(applicant):
    now = datetime(2026, 10, 1, 12, tzinfo=UTC)
    row = own(applicant, datetime(2026, 10, 20).date(), now)
    assert row.next_offset == 7
    sweep_hourly(datetime(2026, 10, 13, tzinfo=UTC), 24)
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    row.due_at += timedelta(days=10)  # moved
    services.plan(row, services.preferences(applicant.pk), ZoneInfo("UTC"),
                  datetime(2026, 10, 14, tzinfo=UTC))
    row.save()
    sweep_hourly(datetime(2026, 10, 14, tzinfo=UTC), 24 * 17)
    assert len(mail.outbox) == 3  # 7 days and 1 day before the new date
    assert set(Delivery.objects.values_list("due_at", "offset_days")) == {
        (row.due_at - timedelta(days=10), 7), (row.due_at, 7), (row.due_at, 1)}


def test_a_claimed_reminder_of_a_moved_deadline_is_cancelled(applicant):
    now = timezone.now()
    row = own(applicant, (now + timedelta(days=1)).date(), now)
    claims = []
    sweep.sweep(now + timedelta(days=1), send=lambda i, t: claims.append((i, t)))
    Deadline.objects.filter(pk=row.pk).update(due_at=row.due_at + timedelta(days=9))
    _deliver(*claims[0])
    assert len(mail.outbox) == 0
    assert Delivery.objects.get().state == "cancelled"


def test_done_deadlines_are_not_reminded(applicant):
    now = timezone.now()
    row = own(applicant, (now + timedelta(days=1)).date(), now)
    services.set_own_done(row)
    assert sweep.sweep(now + timedelta(days=1), send=lambda i, t: None) == 0


def test_email_off_still_notifies_in_the_app(applicant):
    ReminderPreferences.objects.create(applicant=applicant, email=False)
    now = timezone.now()
    own(applicant, (now + timedelta(days=1)).date(), now)
    sweep_hourly(now, 30)
    assert len(mail.outbox) == 0
    assert applicant.notifications.count() == 1


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Pago_Pago", "America/New_York",
                                  "Europe/London", "Asia/Kathmandu", "Australia/Lord_Howe",
                                  "Pacific/Chatham", "Pacific/Kiritimati"])
@pytest.mark.parametrize("due", ["2026-03-10", "2026-11-03"])  # US DST starts 03-08, ends 11-01
def test_every_zone_and_both_dst_transitions_no_miss_no_duplicate(zone, due):
    applicant = ApplicantFactory(time_zone=zone)
    ReminderPreferences.objects.create(applicant=applicant, offsets=[7, 3, 1], hour=9)
    on = datetime.fromisoformat(due).date()
    start = datetime.combine(on - timedelta(days=10), datetime.min.time(), UTC)
    own(applicant, on, start)
    sent = []
    for step in range(0, 24 * 12):  # every hour for 12 days (the beat: every minute)
        now = start + timedelta(hours=step)
        before = len(mail.outbox)
        _sweep_committed(now)
        sent += [now] * (len(mail.outbox) - before)
    assert len(sent) == 3
    tz = ZoneInfo(zone)
    for when in sent:
        local = when.astimezone(tz)
        assert local.hour == 9  # the first hourly sweep at or after 09:00 local
    assert [(on - w.astimezone(tz).date()).days for w in sent] == [7, 3, 1]


def test_the_email_has_both_parts_local_time_and_one_click_unsubscribe(applicant):
    from applicants.reminders import emails

    applicant.time_zone = "Asia/Tokyo"
    applicant.save()
    row = DeadlineFactory(applicant=applicant, title="Rank order list certification deadline",
                          all_day=False, zone="America/New_York",
                          due_at=datetime(2027, 3, 3, 21, tzinfo=ZoneInfo("America/New_York")))
    emails.reminder(row, Delivery(deadline=row, due_at=row.due_at, offset_days=7,
                                  claimed_at=timezone.now()))
    message = mail.outbox[0]
    assert "Wed 3 Mar 2027, 9 pm ET" in message.body
    assert "Thu 4 Mar 2027, 11 am your time (Asia/Tokyo)" in message.body
    html = message.alternatives[0][0]
    assert "11 am your time" in html and message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_the_command_runs_one_sweep(applicant, capsys):
    now = timezone.now()
    own(applicant, now.date(), now - timedelta(days=40))
    Deadline.objects.update(next_remind_at=now - timedelta(minutes=1), next_offset=1)
    call_command("send_reminders")
    assert "Reminders handed to sending: 1" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_a_chunk_that_fails_part_way_is_retried_without_sending_anyone_twice(applicant):
    """The worker sends claimed reminders in chunks (one task, one mail connection): a mail
    error on the third gives the rest back, and the retry sends each remaining one once."""
    from smtplib import SMTPServerDisconnected

    from applicants.reminders import emails

    now = timezone.now()
    rows = [own(applicant, (now + timedelta(days=1)).date(), now, title=f"Letter {n}")
            for n in range(5)]
    claims = []
    sweep.sweep(now + timedelta(days=1), send=lambda i, t: claims.append((i, t)))
    ids, token = [i for i, _ in claims], claims[0][1]
    assert len(ids) == len(rows)
    calls = []

    def flaky(deadline, delivery):
        calls.append(delivery.pk)
        if len(calls) == 3:
            raise SMTPServerDisconnected("the server went away")
        emails.reminder(deadline, delivery)

    with pytest.raises(SMTPServerDisconnected):
        sweep.deliver_many(ids, token, mail=flaky)
    assert len(mail.outbox) == 2
    again = sweep.deliver_many(ids, token, mail=emails.reminder)  # the task's retry
    assert sorted(again.values()) == ["not ours", "not ours", "sent", "sent", "sent"]
    assert len(mail.outbox) == 5
    assert sorted(m.subject for m in mail.outbox) == sorted(
        {m.subject for m in mail.outbox})  # five different letters, none twice
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert applicant.user.__class__.objects.get(pk=applicant.user_id).unread_notifications == 5


def test_a_new_time_zone_on_the_profile_moves_the_next_reminder_to_nine_there(applicant):
    from applicants.services import save_profile

    applicant.time_zone = "UTC"
    applicant.save()
    now = timezone.now()
    row = own(applicant, (now + timedelta(days=40)).date(), now)
    assert row.next_remind_at.astimezone(ZoneInfo("UTC")).hour == 9
    save_profile(user=applicant.user, applicant=applicant, data={"time_zone": "Asia/Tokyo"})
    row.refresh_from_db()
    assert row.next_remind_at.astimezone(ZoneInfo("Asia/Tokyo")).hour == 9
    assert row.next_remind_at.astimezone(ZoneInfo("UTC")).hour == 0
