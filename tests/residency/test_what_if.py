"""The what-if planner: would an exam on a date count for the Match, and if not, which Match.

2027 (seeded, proposed): ROL deadline 2027-03-03; Step 2 CK results take 28 days, so the
latest safe Step 2 CK date is 2027-02-03.
"""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from applicants.models import Applicant
from certification.models import ExamAttempt
from core.dates import plain_dates
from residency.models import Registration, ResidencyApplication
from tests.factories import ApplicantFactory, ExamAttemptFactory

pytestmark = pytest.mark.django_db

D = date.fromisoformat
WHAT_IF = reverse("residency:what-if")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("core.clock.today", lambda: D("2026-11-22"))


@pytest.fixture
def a(db):
    return ApplicantFactory(target_match_year=2027)


@pytest.fixture
def a_client(client, a):
    client.force_login(a.user)
    return client


def answer(response) -> str:
    page = response.content.decode()
    found = re.search(r'<div class="card what-if[^"]*">(.*?)</div>', page, re.S)
    assert found, page
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))).strip()


def ask(client, exam="STEP2CK", planned_on="2027-01-10", season=2027, **headers):
    return client.get(WHAT_IF, {"exam": exam, "planned_on": planned_on, "season": season},
                      **headers)


def test_too_late_says_when_the_result_comes_the_latest_safe_date_and_the_match_that_works(
        a_client):
    text = answer(ask(a_client, planned_on="2027-02-20"))
    assert ("Too late for the 2027 Match: a Step 2 CK result from 20 Feb 2027 is expected "
            "20 Mar 2027, after the rank order list deadline on 3 Mar 2027.") in text
    assert "Latest safe test date: 3 Feb 2027." in text
    assert "The 2028 Match works." in text


@pytest.mark.parametrize(("planned", "heading", "says"), [
    ("2027-01-06", "In time", "28 days before the rank order list deadline on 2027-03-03"),
    ("2027-02-03", "In time, but tight", "Only 0 days to spare: a slow result would miss it"),
    ("2027-02-04", "Too late", "Step 2 CK result from 2027-02-04 is expected 2027-03-04, after"),
])
def test_safe_up_to_the_latest_safe_date_and_late_the_day_after(a_client, planned, heading,
                                                                says):
    text = answer(ask(a_client, planned_on=planned))
    assert text.startswith(heading + " ")
    assert plain_dates(says) in text


@pytest.mark.parametrize(("exam", "planned", "says"), [
    ("STEP1", "2027-02-11", "a Step 1 result from 2027-02-11 is expected 2027-03-04"),
    ("PATHWAY", "2027-01-20", "a Pathway application decision from 2027-01-20 is expected "
     "2027-03-17, after the rank order list deadline"),
    ("OET", "2026-12-21", "after the last safe day to submit a Pathway application "
     "(2027-01-06)"),
])
def test_each_exam_uses_its_own_result_time_and_deadline(a_client, exam, planned, says):
    text = answer(ask(a_client, exam=exam, planned_on=planned))
    assert text.startswith("Too late")
    assert plain_dates(says) in text


def test_result_days_come_from_settings(a_client, settings):
    settings.RESULT_DAYS = {**settings.RESULT_DAYS, "STEP2CK": 21}
    assert "Latest safe test date: 10 Feb 2027." in answer(ask(a_client, planned_on="2027-02-20"))


def test_a_past_date_is_refused_at_the_field(a_client):
    response = ask(a_client, planned_on="2026-11-01")
    assert "Pick today (22 Nov 2026) or a later date" in response.content.decode()
    assert 'class="card what-if' not in response.content.decode()


def test_htmx_gets_only_the_answer(a_client):
    response = ask(a_client, planned_on="2027-02-20", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "<form" not in page
    assert "Too late for the 2027 Match" in answer(response)


def test_without_javascript_the_form_submits_by_get_and_the_page_updates_with_htmx(a_client):
    page = a_client.get(WHAT_IF).content.decode()
    assert re.search(r'<form method="get"[^>]*hx-get="/residency/match/what-if/"', page)
    assert 'hx-target="#what-if-result"' in page
    assert "htmx" in page and "<script" in page  # the vendored htmx script tag


def test_the_date_starts_from_a_booked_test(a, a_client):
    ExamAttemptFactory(applicant=a, exam="STEP2CK", scheduled_date=D("2027-01-25"),
                       eligibility_start=None, eligibility_end=None, test_date=None,
                       result_date=None, outcome="")
    response = a_client.get(WHAT_IF)
    page = response.content.decode()
    assert "Filled in from your booked USMLE Step 2 CK on 2025-01-25" not in page
    assert "Filled in from your booked USMLE Step 2 CK on 25 Jan 2027" in page
    assert 'value="2027-01-25"' in page
    assert "a Step 2 CK result from 25 Jan 2027 is expected 22 Feb 2027" in answer(response)


def test_asking_saves_nothing(a, a_client):
    before = (ExamAttempt.objects.count(), Registration.objects.count(),
              ResidencyApplication.objects.count(), Applicant.objects.get(pk=a.pk).updated_at)
    for planned in ("2027-01-10", "2027-02-20"):
        assert ask(a_client, planned_on=planned).status_code == 200
        assert ask(a_client, planned_on=planned, HTTP_HX_REQUEST="true").status_code == 200
    after = (ExamAttempt.objects.count(), Registration.objects.count(),
             ResidencyApplication.objects.count(), Applicant.objects.get(pk=a.pk).updated_at)
    assert after == before
    assert a_client.post(WHAT_IF, {"exam": "STEP1", "planned_on": "2027-01-10"}
                         ).status_code == 405
