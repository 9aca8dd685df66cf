from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone
from icalendar import Calendar

from applicants.models import Deadline, ReminderPreferences
from applicants.reminders import emails
from config.access_policy import CSRF_EXEMPT
from core import clock, road
from tests.factories import ExamAttemptFactory

pytestmark = pytest.mark.django_db
SETTINGS = reverse("applicants:reminder-settings")


def test_defaults_are_30_7_1_at_nine(applicant_client):
    form = applicant_client.get(SETTINGS).context["form"]
    assert form.initial["offsets"] == "30, 7, 1" and form.initial["hour"] == 9


def test_saving_offsets_replans_open_deadlines(applicant_client, applicant):
    applicant_client.post(reverse("applicants:deadlines"),
                          {"title": "Mine", "on": clock.today() + timedelta(days=20)})
    response = applicant_client.post(SETTINGS, {"offsets": "14, 2", "email": "on",
                                                "email_kinds": ["own", "exam"], "hour": 18},
                                     follow=True)
    assert "Your reminder settings are saved." in response.content.decode()
    prefs = ReminderPreferences.objects.get(applicant=applicant)
    assert prefs.offsets == [14, 2] and prefs.hour == 18
    assert "season" in prefs.muted_kinds and not prefs.emails_kind("season")
    own = Deadline.objects.get(applicant=applicant)
    assert own.next_offset == 14 and own.next_remind_at.hour == 18  # the applicant's zone: UTC


def test_bad_offsets_are_refused(applicant_client):
    response = applicant_client.post(SETTINGS, {"offsets": "soon", "hour": 9})
    assert "Write one to five whole numbers" in response.content.decode()


def test_one_click_unsubscribe_without_signing_in(client, applicant):
    url = reverse("applicants:unsubscribe", args=[emails.unsubscribe_token(applicant.pk)])
    assert "Stop reminder emails" in client.get(url).content.decode()  # a GET changes nothing
    assert not ReminderPreferences.objects.filter(applicant=applicant, email=False).exists()
    client.handler.enforce_csrf_checks = True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert ReminderPreferences.objects.get(applicant=applicant).email is False


def test_a_forged_unsubscribe_token_is_404(client, applicant):
    token = emails.unsubscribe_token(applicant.pk)[:-2] + "xx"
    assert client.post(reverse("applicants:unsubscribe", args=[token])).status_code == 404


def test_only_the_listed_views_are_csrf_exempt():
    exempt = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif getattr(p.callback, "csrf_exempt", False) and p.name:
                exempt.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    assert exempt == set(CSRF_EXEMPT)


def _feed(client, applicant):
    client.force_login(applicant.user)
    client.post(reverse("applicants:calendar-regenerate"))
    token = ReminderPreferences.objects.get(applicant=applicant).calendar_token
    return reverse("applicants:calendar-feed", args=[token])


def test_the_calendar_feed_parses_back_and_keeps_uids(client, applicant):
    exam = ExamAttemptFactory(applicant=applicant, scheduled_date=clock.today() + timedelta(40),
                              test_date=None, result_date=None, outcome="")
    road.refresh(applicant.pk)
    url = _feed(client, applicant)
    client.logout()
    first = Calendar.from_ical(client.get(url).content)
    events = {str(e["summary"]): e for e in first.walk("VEVENT")}
    test_day = events["USMLE Step 1: test day"]
    assert test_day.walk("VALARM")[0]["trigger"].dt == -timedelta(days=30)
    exam.scheduled_date += timedelta(days=7)
    exam.save()
    road.refresh(applicant.pk)
    again = {str(e["summary"]): e for e in Calendar.from_ical(client.get(url).content)
             .walk("VEVENT")}
    moved = again["USMLE Step 1: test day"]
    assert moved["uid"] == test_day["uid"]
    assert moved.decoded("dtstart") == test_day.decoded("dtstart") + timedelta(days=7)


def test_a_new_calendar_address_makes_the_old_one_404(client, applicant):
    old = _feed(client, applicant)
    assert client.get(old).status_code == 200
    client.post(reverse("applicants:calendar-regenerate"))
    assert client.get(old).status_code == 404
    page = client.get(SETTINGS).content.decode()
    assert "Google Calendar" in page and "Outlook" in page and "Apple Calendar" in page


def test_timed_deadlines_carry_their_moment(client, applicant):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories import DeadlineFactory

    DeadlineFactory(applicant=applicant, title="ROL", all_day=False,
                    due_at=datetime(2027, 3, 3, 21, tzinfo=ZoneInfo("America/New_York")),
                    updated_at=timezone.now())
    event = Calendar.from_ical(client.get(_feed(client, applicant)).content).walk("VEVENT")[0]
    assert event.decoded("dtstart").astimezone(ZoneInfo("UTC")).hour == 2  # 9 pm ET = 02 UTC
