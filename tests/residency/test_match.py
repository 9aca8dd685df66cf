"""The Match eligibility page for a season, and the Match summary kept on the applicant.

Seasons come from the seeded calendars: 2026 confirmed, 2027 proposed (derived). For 2027 the
ROL deadline is 2027-03-03 (9 pm ET) and a Step 2 CK result takes 28 days, so a Step 2 CK
sat by 2027-02-03 counts.
"""

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants.models import Applicant
from applicants.services import save_profile
from core import reference_cache
from core.dates import plain_dates
from residency.models import MatchSeason
from road.refresh import refresh_road as refresh_progress
from road.tasks import refresh_all_progress
from tests.factories import (
    ApplicantFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    PathwayApplicationFactory,
    RegistrationFactory,
    ResidencyApplicationFactory,
)

pytestmark = pytest.mark.django_db

D = date.fromisoformat
MATCH = reverse("residency:match")


@pytest.fixture
def today(monkeypatch):
    """Pin "today" (US Eastern) for the Match: call with a date to move it."""

    def set_today(day: str) -> date:
        monkeypatch.setattr("core.clock.today", lambda: D(day))
        monkeypatch.setattr("core.clock.recorded_today", lambda: D(day))
        return D(day)

    set_today("2026-11-22")
    return set_today


@pytest.fixture
def a(db):
    """A US-citizen IMG aiming at the 2027 Match: Step 1 passed, Pathway accepted and
    registered with NRMP. Step 2 CK is what each test varies."""
    applicant = ApplicantFactory(target_match_year=2027, citizenships=["US", "IN"])
    ExamAttemptFactory(applicant=applicant)  # Step 1 passed 2024-03-10
    PathwayApplicationFactory(applicant=applicant, status="accepted",
                              decided_on=D("2026-10-01"))
    RegistrationFactory(applicant=applicant, visa_need="none")
    return applicant


@pytest.fixture
def a_client(client, a):
    client.force_login(a.user)
    return client


def book_step2ck(applicant, on: str):
    return ExamAttemptFactory(applicant=applicant, exam="STEP2CK", scheduled_date=D(on),
                              eligibility_start=None, eligibility_end=None, test_date=None,
                              result_date=None, outcome="")


def text(response) -> str:
    page = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def verdict(response) -> str:
    found = re.search(r'id="verdict-heading">(.*?)</h2>', response.content.decode())
    return found.group(1)


def check_block(response, code: str) -> str:
    found = re.search(rf'id="check-{code}">(.*?)</li>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))).strip()


# Verdicts around the ROL deadline


def test_everything_done_is_eligible_and_says_every_check_is_met(a, a_client, today):
    ExamAttemptFactory(applicant=a, exam="STEP2CK", test_date=D("2026-06-01"), score=245,
                       eligibility_start=None, eligibility_end=None, result_date=None)
    EcfmgRecordFactory(applicant=a, application_status="accepted",
                       certificate_issued_on=D("2026-10-20"))
    response = a_client.get(MATCH)
    assert verdict(response) == "Eligible"
    assert "Every check is met for the 2027 Match." in text(response)


@pytest.mark.parametrize(("booked", "expected", "why"), [
    ("2027-01-20", "Unknown", "result expected about 2027-02-17, 14 days before"),
    ("2027-01-21", "At risk", "only 13 days before the ROL deadline (2027-03-03, 9 pm ET)"),
    ("2027-02-03", "At risk", "result expected about 2027-03-03, only 0 days before"),
    ("2027-02-04", "Not eligible", "result expected about 2027-03-04, after the ROL deadline"),
])
def test_a_booked_step2ck_against_the_rol_deadline(a, a_client, today, booked, expected, why):
    book_step2ck(a, booked)
    response = a_client.get(MATCH)
    # With Step 2 CK in time, what is left is the certificate's date: unknown.
    assert verdict(response) == expected
    assert plain_dates(why) in check_block(response, "N2-STEP2CK")


def test_after_the_rol_deadline_without_a_step2ck_pass_the_match_is_out_of_reach(
        a, a_client, today):
    today("2027-03-04")
    response = a_client.get(MATCH)
    assert verdict(response) == "Not eligible"
    block = check_block(response, "N2-STEP2CK")
    assert "it had to be taken by 3 Feb 2027" in block
    assert "Plan for the 2028 Match" in block


def test_each_check_shows_status_why_next_action_and_its_deadline_in_eastern_time(
        a, a_client, today):
    Applicant.objects.filter(pk=a.pk).update(time_zone="Asia/Kolkata")
    book_step2ck(a, "2027-01-25")
    response = a_client.get(MATCH)
    block = check_block(response, "N2-STEP2CK")
    assert block.startswith("At risk Step 2 CK passed and reported by ECFMG")
    assert "Next: Move Step 2 CK earlier if you can" in block
    # 9 pm EST is 07:30 the next morning in India.
    assert "Due: 3 Mar 2027, 9 pm ET (your time: 4 Mar 2027, 07:30 (Asia/Kolkata))" in block
    assert "Due: 1 Jul 2027 ET" in check_block(response, "N3")


def test_the_calendar_flags_derived_dates_of_a_proposed_season(a_client, today):
    page = text(a_client.get(MATCH))
    assert "The 2027 dates are derived — not yet confirmed by an admin" in page
    assert "Match Day 19 Mar 2027 Derived — not yet confirmed" in page
    assert "ERAS season opens 3 Jun 2026 Third-party source" in page
    assert "Rank order list certification deadline 3 Mar 2027, 9 pm ET" in page


def test_another_season_is_chosen_with_season_and_unknown_ones_fall_back_to_the_target(
        a_client, today):
    confirmed = text(a_client.get(MATCH, {"season": 2026}))
    assert "Your 2026 Match" in confirmed
    assert "not yet confirmed by an admin" not in confirmed
    assert "Match Day 20 Mar 2026 Verified (official)" in confirmed
    assert "Derived from the usual pattern; check official sources" in confirmed  # ROL date
    assert "Your 2027 Match" in text(a_client.get(MATCH, {"season": "2031"}))


def test_soap_and_visa_notes_are_shown(a, a_client, today):
    a.citizenships = ["IN"]
    a.save()
    a.registrations.update(visa_need="j1")
    page = text(a_client.get(MATCH))
    assert "SOAP (if you don't match)" in page and "SOAP needs what the Match needs" in page
    assert "Statement of Need from the Ministry of Health" in page


# The Match summary on the applicant


def exam_data(exam="STEP1", **fields) -> dict:
    data = {"exam": exam, "eligibility_start": "", "eligibility_end": "", "scheduled_date": "",
            "test_date": "", "result_date": "", "outcome": "", "score": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def problems(applicant) -> dict[str, str]:
    applicant.refresh_from_db()
    return {p["code"]: p["status"] for p in applicant.match_problems}


def test_adding_a_step2ck_pass_updates_the_match_summary(a, a_client, today):
    book = a_client.post(reverse("certification:exam-add"),
                         exam_data("STEP2CK", scheduled_date="2027-02-10"))
    assert book.status_code == 302
    assert problems(a)["N2-STEP2CK"] == "not_met"
    assert Applicant.objects.get(pk=a.pk).match_status == "not_eligible"
    attempt = a.exams.get(exam="STEP2CK")
    passed = a_client.post(reverse("certification:exam-edit", args=[attempt.pk]),
                           exam_data("STEP2CK", test_date="2026-10-01", score=240))
    assert passed.status_code == 302
    assert "N2-STEP2CK" not in problems(a)
    assert Applicant.objects.get(pk=a.pk).match_status == "unknown"  # no certificate date yet


def test_saving_the_registration_updates_the_match_summary(a, a_client, today):
    a.registrations.all().delete()
    today("2027-02-10")
    a_client.post(reverse("certification:exam-add"),
                  exam_data("STEP2CK", test_date="2026-10-01", score=240))
    assert problems(a) == {"N1": "at_risk"}
    a_client.post(f"{reverse('residency:registration')}?season=2027", {
        "eras_token": "", "eras_submitted_on": "", "nrmp_id": "1234567",
        "nrmp_registered_on": "2027-02-09", "rol_certified_on": "", "visa_need": "none",
        "usce_months": "0"})
    assert problems(a) == {}
    assert Applicant.objects.get(pk=a.pk).match_status == "unknown"  # certificate date


def test_changing_the_target_season_in_the_profile_moves_the_summary(a, a_client, today):
    a_client.post(reverse("certification:exam-add"),
                  exam_data("STEP2CK", scheduled_date="2027-02-10"))
    assert problems(a)["N2-STEP2CK"] == "not_met"  # too late for 2027
    save_profile(user=a.user, data={"target_match_year": 2028}, applicant=a)
    # In time for 2028, where registration has not even opened yet.
    assert problems(a) == {}


# Queries


def test_match_page_queries_do_not_grow_with_applications(a, a_client, today):
    ResidencyApplicationFactory(applicant=a)
    with CaptureQueriesContext(connection) as one:
        assert a_client.get(MATCH).status_code == 200
    ResidencyApplicationFactory.create_batch(29, applicant=a)
    with CaptureQueriesContext(connection) as thirty:
        response = a_client.get(MATCH)
    assert "30 planned" in text(response)
    assert len(thirty) == len(one)
    # session, user, applicant; the records the engine reads (applicant with school and
    # ECFMG file, documents, exams, OET, pathways); rule sets and their requirements;
    # the season's calendar, the registration, the applications; the season list.
    assert len(thirty) <= 14, [q["sql"][:80] for q in thirty.captured_queries]


# Admin


def test_staff_confirm_proposed_seasons_from_the_list(client, staff):
    client.force_login(staff)
    url = reverse("admin:residency_matchseason_changelist")
    page = client.get(url).content.decode()
    assert "manage.py propose_season" in page and "Confirm selected seasons" in page
    proposed = MatchSeason.objects.get(year=2027)
    response = client.post(url, {"action": "confirm_seasons", "_selected_action": [proposed.pk]},
                           follow=True)
    assert "1 season(s) confirmed" in response.content.decode()
    assert MatchSeason.objects.get(year=2027).status == "confirmed"


# Season edits re-evaluate the applicants aiming at the season.


def _book_step2ck_late(applicant):
    """Step 2 CK booked for 2027-02-10: its result lands after the 2027 ROL deadline."""
    ExamAttemptFactory(applicant=applicant, exam="STEP2CK", test_date=None, result_date=None,
                       outcome="", scheduled_date=D("2027-02-10"))
    refresh_progress(applicant.pk)
    assert problems(applicant)["N2-STEP2CK"] == "not_met"


def test_moving_a_season_date_re_evaluates_its_applicants(
        a, today, django_capture_on_commit_callbacks):
    _book_step2ck_late(a)
    elsewhere = ApplicantFactory(target_match_year=2028)
    season = MatchSeason.objects.get(year=2027)
    season.rol_deadline = D("2027-04-07")  # the admin corrects the deadline
    with django_capture_on_commit_callbacks(execute=True):
        season.save()
    assert "N2-STEP2CK" not in problems(a)  # 2027-02-10 + 28 days is in time now
    elsewhere.refresh_from_db()
    assert elsewhere.progress_updated_at is None  # another season's applicants: untouched


def test_confirming_a_season_in_the_admin_re_evaluates_its_applicants(
        a, today, client, staff, django_capture_on_commit_callbacks):
    _book_step2ck_late(a)
    # A change made without signals (as by another process): the confirmation re-evaluates.
    MatchSeason.objects.filter(year=2027).update(rol_deadline=D("2027-04-07"))
    season = MatchSeason.objects.get(year=2027)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:residency_matchseason_changelist"), {
            "action": "confirm_seasons", "_selected_action": [season.pk]})
    assert response.status_code == 302
    assert MatchSeason.objects.get(year=2027).status == MatchSeason.Status.CONFIRMED
    assert "N2-STEP2CK" not in problems(a)


def test_the_refresh_task_reads_fresh_reference_data(a, today, settings):
    """A worker's cached calendar may predate the edit that started the task: each run
    drops it first."""
    settings.REFERENCE_CACHE_SECONDS = 60
    reference_cache.clear()
    _book_step2ck_late(a)  # the 2027 calendar is now cached in this process
    MatchSeason.objects.filter(year=2027).update(rol_deadline=D("2027-04-07"))  # no signal
    refresh_all_progress.delay(season=2027)
    assert "N2-STEP2CK" not in problems(a)
    reference_cache.clear()


@pytest.mark.parametrize(("citizenships", "green_card", "registration", "word"), [
    pytest.param(["US", "IN"], False, None, "US citizen: no visa needed", id="us-citizen"),
    pytest.param(["IN"], True, None, "Green-card holder: no visa needed", id="green-card"),
    pytest.param(["IN"], False, None, "a J-1 is assumed until you choose a route",
                 id="visa-needed-no-registration"),
    pytest.param(["IN"], False, "none", "a J-1 is assumed until you choose a route",
                 id="visa-needed-route-left-at-none"),
    pytest.param(["IN"], False, "h1b", "H-1B needs Step 3 passed", id="h1b-chosen"),
    pytest.param(["IN"], False, "not_needed", "You said you need no visa to train",
                 id="no-visa-needed-on-purpose"),
    pytest.param(["US"], False, "not_needed", "US citizen: no visa needed",
                 id="citizen-answer-follows-the-profile"),
])
def test_the_visa_line_follows_citizenship_and_green_card_from_onboarding(
        client, today, citizenships, green_card, registration, word):
    """The visa route comes from what onboarding recorded: no "Visa to train: not recorded"
    and no question asking for the citizenship again."""
    applicant = ApplicantFactory(target_match_year=2027, citizenships=citizenships,
                                 us_permanent_resident=green_card)
    if registration:
        RegistrationFactory(applicant=applicant, visa_need=registration)
    refresh_progress(applicant.pk)
    client.force_login(applicant.user)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ",
                                                     client.get(MATCH).content.decode())))
    assert word in text
    assert "Citizenship or visa route not recorded" not in text
    assert "Record whether you are a US citizen" not in text


def test_nothing_planned_with_plenty_of_time_reads_not_started_with_its_deadline(client, today):
    """A new applicant for the 2028 Match, a year ahead: the exams and the NRMP registration
    (not open yet) read "Not started" with their deadlines, not "At risk" or "On track"; close
    to the latest date, with less time left than booking takes, it reads "At risk"."""
    applicant = ApplicantFactory(target_match_year=2028, citizenships=["US", "IN"])
    refresh_progress(applicant.pk)
    client.force_login(applicant.user)
    body = client.get(MATCH).content.decode()
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
    for code in ("N1", "N2-STEP1", "N2-STEP2CK"):
        item = re.search(rf'<li class="check[^"]*" id="check-{code}">(.*?)</li>', body, re.S)
        assert 'class="badge badge-not_started">Not started<' in item.group(1), code
        assert "Due: " in item.group(1), code
    assert "Step 1 pass or test date on record; to count for the ROL deadline" in text
    assert "registration opens 15 Sep 2027" in text
    today("2028-01-05")  # 35 days before Step 2 CK's latest date: booking takes about 42
    refresh_progress(applicant.pk)
    item = re.search(r'id="check-N2-STEP2CK">(.*?)</li>', client.get(MATCH).content.decode(),
                     re.S).group(1)
    assert 'badge-expiring">At risk<' in item
    assert "usually takes about 42 days" in html.unescape(item)



def test_the_match_page_and_dashboard_say_a_season_is_practically_out_of_reach(client, today):
    """Programs have been reviewing ERAS applications since 2026-09-23 and none is filed: the
    Match page and the dashboard's Match bar say the 2027 Match is practically out of reach;
    with the ERAS application on record neither does."""
    applicant = ApplicantFactory(target_match_year=2027, citizenships=["US", "IN"])
    registration = RegistrationFactory(applicant=applicant, season=2027, eras_submitted_on=None)
    refresh_progress(applicant.pk)
    client.force_login(applicant.user)
    said = "the 2027 Match is practically out of reach"
    assert said in html.unescape(client.get(MATCH).content.decode())
    assert said in client.get(reverse("road:dashboard")).context["board"].match.note
    registration.eras_submitted_on = D("2026-09-10")
    registration.save()
    assert said not in html.unescape(client.get(MATCH).content.decode())


def test_someone_who_needs_a_visa_can_say_on_purpose_that_they_need_none(client, today):
    """'No visa needed' as the default answer is refused for a profile without US citizenship
    or green card; the deliberate answer (may work in the US without a visa) is kept, and the
    Match page says it was their answer, not an assumption."""
    applicant = ApplicantFactory(target_match_year=2027, citizenships=["IN"])
    client.force_login(applicant.user)
    url = f"{reverse('residency:registration')}?season=2027"
    form = {"eras_token": "", "eras_submitted_on": "", "nrmp_id": "1234567",
            "nrmp_registered_on": "2026-10-01", "rol_certified_on": "", "usce_months": "0"}

    refused = client.post(url, {**form, "visa_need": "none"})
    page = client.get(url).content.decode()
    client.post(url, {**form, "visa_need": "not_needed"})

    assert "if you may work in the US without a visa, choose that answer" in (
        refused.context["form"].errors["visa_need"][0])
    assert "No visa needed: I may work in the US without one" in page
    assert applicant.registrations.get().visa_need == "not_needed"
    visa = check_block(client.get(MATCH), "VISA")
    assert visa.startswith("Met") and "You said you need no visa to train" in visa
    assert "J-1 is assumed" not in visa
