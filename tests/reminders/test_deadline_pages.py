from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Deadline
from core import clock

pytestmark = pytest.mark.django_db
URL = reverse("applicants:deadlines")


def test_add_own_deadline_then_mark_it_done(applicant_client, applicant):
    on = clock.today() + timedelta(days=20)
    response = applicant_client.post(URL, {"title": "Ask Dr Rao for a letter", "on": on,
                                           "note": "LoR for IM"}, follow=True)
    assert "Ask Dr Rao for a letter" in response.content.decode()
    own = Deadline.objects.get(applicant=applicant, kind="own")
    assert own.next_offset == 7 and own.next_remind_at > timezone.now()
    applicant_client.post(reverse("applicants:deadline-done", args=[own.pk]), follow=True)
    own.refresh_from_db()
    assert own.done_at is not None
    assert "Ask Dr Rao" not in applicant_client.get(URL).content.decode()


def test_own_deadline_in_the_past_is_refused(applicant_client):
    response = applicant_client.post(URL, {"title": "Late", "on": date(2020, 1, 1)})
    assert "Choose today or a later date." in response.content.decode()


def test_snooze_puts_the_next_reminder_off(applicant_client, applicant):
    applicant_client.post(URL, {"title": "Mine", "on": clock.today() + timedelta(days=20)})
    own = Deadline.objects.get(applicant=applicant, kind="own")
    planned = own.next_remind_at  # the 7-day reminder
    applicant_client.post(reverse("applicants:deadline-snooze", args=[own.pk]), {"days": 3})
    own.refresh_from_db()
    assert own.next_remind_at == planned + timedelta(days=3)


def test_a_deadline_closer_than_every_offset_is_reminded_at_once(applicant_client, applicant):
    # Today on the applicant's own calendar (an own date is a day in their zone): US Eastern's
    # today is already yesterday for them in the hours after midnight UTC.
    their_today = timezone.now().astimezone(ZoneInfo(applicant.time_zone)).date()
    applicant_client.post(URL, {"title": "Soon", "on": their_today})
    own = Deadline.objects.get(applicant=applicant, kind="own")
    assert own.next_offset == 1 and own.next_remind_at <= timezone.now()


def test_another_applicants_deadline_is_404(client, applicant, other_applicant):
    from tests.factories import DeadlineFactory

    theirs = DeadlineFactory(applicant=other_applicant)
    client.force_login(applicant.user)
    assert client.post(reverse("applicants:deadline-snooze", args=[theirs.pk]),
                       {"days": 1}).status_code == 404
