"""The weekly digest: one email a week (Mondays at the delivery hour, the applicant's zone)
with every reminder that fell due since the last one; each reminder marked sent once."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from applicants.models import Delivery, ReminderPreferences
from applicants.reminders import schedule, services, sweep
from applicants.reminders.emails import digest as digest_email
from tests.reminders.test_sweep import _run_on_commit, own, sweep_hourly  # noqa: F401

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def digest_applicant(applicant, now, zone="America/New_York", hour=9):
    applicant.time_zone = zone
    applicant.save()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: now)
        services.save_preferences(applicant, offsets=[7, 1], email=True,
                                  email_kinds=["own", "exam"], weekly_digest=True, hour=hour)
    return applicant


def test_one_email_a_week_on_monday_at_the_hour_with_what_fell_due_since_the_last(applicant):
    start = datetime(2026, 10, 7, tzinfo=UTC)  # a Wednesday
    digest_applicant(applicant, start)
    assert ReminderPreferences.objects.get().next_digest_at == datetime(2026, 10, 12, 9,
                                                                        tzinfo=NY)
    own(applicant, date(2026, 10, 12), start, "Letter A")  # 1 day: Sun 10-11
    own(applicant, date(2026, 10, 16), start, "Letter B")  # 7 days: Fri 10-09, 1: Thu 10-15
    own(applicant, date(2026, 10, 20), start, "Letter C")  # 7: Tue 10-13, 1: Mon 10-19 09:00
    sent = sweep_hourly(start, 24 * 21)
    assert len(sent) == 2  # Mondays 10-12 and 10-19; 10-26 had nothing due: no email
    when = [w.astimezone(NY) for w, _ in sent]
    assert [(w.date().isoformat(), w.weekday(), w.hour) for w in when] == [
        ("2026-10-12", 0, 9), ("2026-10-19", 0, 9)]
    first, second = (m for _, m in sent)
    assert first.subject == "Your week: 2 reminders"
    assert "Letter A" in first.body and "Letter B" in first.body and "Letter C" not in first.body
    assert second.subject == "Your week: 3 reminders"
    assert second.body.count("Letter B") == 1 and second.body.count("Letter C") == 2
    assert second.alternatives[0][1] == "text/html"
    assert second.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    deliveries = Delivery.objects.all()
    assert deliveries.count() == 5
    assert {(d.state, d.digest) for d in deliveries} == {("sent", True)}
    assert applicant.notifications.count() == 5  # the bell: each reminder, when sent


def test_a_stale_digest_claim_is_taken_again_and_sent_once(applicant):
    start = datetime(2026, 10, 7, tzinfo=UTC)
    digest_applicant(applicant, start)
    own(applicant, date(2026, 10, 12), start, "Letter A")
    own(applicant, date(2026, 10, 16), start, "Letter B")
    monday = datetime(2026, 10, 12, 9, tzinfo=NY)
    lost = []
    for day in (datetime(2026, 10, 9, 13, tzinfo=UTC), datetime(2026, 10, 11, 13, tzinfo=UTC),
                monday):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "now", lambda d=day: d)
            sweep.sweep(day, send=lambda i, t: pytest.fail("single email for a digest"),
                        send_digest=lambda a, t: lost.append((a, t)))  # the worker dies
    assert lost == [(applicant.pk, monday.isoformat())]
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sending"}
    later = monday + sweep.STALE + timedelta(seconds=1)
    again = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert sweep.sweep(later, send_digest=lambda a, t: again.append((a, t))) == 1
        assert sweep.deliver_digest(*lost[0], mail=digest_email) == "not ours"  # late message
        assert sweep.deliver_digest(*again[0], mail=digest_email) == "sent"
        assert sweep.deliver_digest(*again[0], mail=digest_email) == "not ours"  # run twice
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Your week: 2 reminders"
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_switching_the_digest_off_sends_what_waits_at_the_next_sweep(applicant):
    start = datetime(2026, 10, 7, tzinfo=UTC)
    digest_applicant(applicant, start)
    own(applicant, date(2026, 10, 16), start, "Letter B")
    sweep_hourly(datetime(2026, 10, 9, 12, tzinfo=UTC), 3)  # 7 days before: queued
    assert Delivery.objects.get().state == "queued" and mail.outbox == []
    off = datetime(2026, 10, 10, 12, tzinfo=UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: off)
        services.save_preferences(applicant, offsets=[7, 1], email=True, email_kinds=["own"],
                                  weekly_digest=False, hour=9)
    sent = sweep_hourly(off, 1)
    assert [m.subject for _, m in sent] == ["Your week: 1 reminder"]
    assert ReminderPreferences.objects.get().next_digest_at is None
    sent = sweep_hourly(datetime(2026, 10, 15, 12, tzinfo=UTC), 3)  # 1 day before: single
    assert [m.subject for _, m in sent] == ["Reminder: Letter B (tomorrow)"]


def test_a_muted_kind_is_not_held_for_the_digest(applicant):
    start = datetime(2026, 10, 7, tzinfo=UTC)
    digest_applicant(applicant, start)
    ReminderPreferences.objects.update(muted_kinds=["own"])
    own(applicant, date(2026, 10, 16), start, "Letter B")
    sweep_hourly(datetime(2026, 10, 9, 12, tzinfo=UTC), 3)
    assert Delivery.objects.get().state == "sent" and mail.outbox == []
    assert applicant.notifications.count() == 1  # in the app at once


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "America/New_York", "Asia/Kathmandu",
                                  "Pacific/Kiritimati"])
@pytest.mark.parametrize("now", [datetime(2026, 3, 8, 13, tzinfo=UTC),  # US DST starts
                                 datetime(2026, 10, 31, 23, tzinfo=UTC)])
def test_the_next_digest_is_a_monday_at_the_hour_in_every_zone(zone, now):
    tz = ZoneInfo(zone)
    moment = schedule.next_digest(9, tz, now)
    local = moment.astimezone(tz)
    assert (local.weekday(), local.hour, local.minute) == (schedule.DIGEST_WEEKDAY, 9, 0)
    assert now < moment <= now + timedelta(days=7)
    assert schedule.next_digest(9, tz, moment) == datetime.combine(
        local.date() + timedelta(days=7), datetime.min.time().replace(hour=9), tz)
