"""Exam attempts as the applicant records them: each rule's message at its field, pass marks
read from the rule set's data, and progress that follows every write."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from applicants.models import Applicant
from certification.models import ExamAttempt, Requirement, RequirementSet
from certification.services import rulesets
from core import reference_cache
from core.dates import plain_dates
from road.tasks import refresh_all_progress
from tests.certification.pages import error_at, errors_shown, messages_shown
from tests.factories import EcfmgRecordFactory, ExamAttemptFactory
from tests.rulesets import edit_requirement

pytestmark = pytest.mark.django_db

ADD = reverse("certification:exam-add")


def attempt(exam="STEP1", **fields) -> dict:
    """Form data for one attempt; dates as ISO strings, empty fields left out."""
    data = {"exam": exam, "eligibility_start": "", "eligibility_end": "", "scheduled_date": "",
            "test_date": "", "result_date": "", "outcome": "", "score": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def post(client, **fields):
    return client.post(ADD, attempt(**fields))


def saved(response) -> ExamAttempt:
    assert response.status_code == 302, errors_shown(response)
    return ExamAttempt.objects.latest("pk")


def fail(applicant, exam, day):
    return ExamAttemptFactory(applicant=applicant, exam=exam, test_date=date.fromisoformat(day),
                              eligibility_start=None, eligibility_end=None, result_date=None,
                              outcome="fail")


@pytest.fixture
def applied(applicant):
    """An Application for ECFMG Certification submitted under the 4-attempt policy."""
    return EcfmgRecordFactory(applicant=applicant, application_submitted_on=date(2021, 9, 1))


# Pass marks: from the rule set's data, by test date


def test_step2ck_217_passes_before_2025_07_01(applicant_client):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-06-30", score=217)
    assert saved(response).outcome == "pass"


def test_step2ck_217_fails_from_2025_07_01_and_the_page_says_why(applicant_client):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-07-01", score=217)
    assert saved(response).outcome == "fail"
    page = applicant_client.get(reverse("certification:exams")).content.decode()
    assert "218 needed on 2025-07-01" in page
    assert "Failed with 217" in page


def test_step2ck_218_passes_and_the_saved_message_names_the_mark(applicant_client):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=218)
    assert saved(response).outcome == "pass"
    shown = messages_shown(applicant_client.get(reverse("certification:exams")))
    assert "Passed with 218 (218 needed on 2025-08-01)" in shown


def test_pass_marks_are_data_an_admin_edit_changes_the_verdict(applicant, applicant_client):
    # The applicant's set (2028 Match) is the 2026 Pathways set; lower its 2025 mark to 216.
    _set_the_2025_step2ck_mark(216)
    response = post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=217)
    assert saved(response).outcome == "pass"
    page = applicant_client.get(reverse("certification:exams")).content.decode()
    assert "216 needed on 2025-08-01" in page


def _set_the_2025_step2ck_mark(to: int):
    """A new version of the applicant's set with the 2025 Step 2 CK mark changed."""
    params = Requirement.objects.get(rule_set__code="RS-2027-P", code="C-STEP2CK").params
    params["pass_marks"][-1][1] = to
    return edit_requirement("RS-2027-P", "C-STEP2CK", params=params)


def _lower_the_2025_step2ck_mark(to: int) -> None:
    """An admin corrects the mark in the applicant's set; publishing re-evaluates everyone."""
    _set_the_2025_step2ck_mark(to)
    refresh_all_progress.delay()  # what publishing starts once it commits


def test_a_worked_out_outcome_follows_a_corrected_pass_mark(applicant, applicant_client):
    attempt = saved(post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=217))
    assert (attempt.outcome, attempt.outcome_derived) == ("fail", True)
    _lower_the_2025_step2ck_mark(216)
    attempt.refresh_from_db()
    assert attempt.outcome == "pass"
    page = applicant_client.get(reverse("certification:exams")).content.decode()
    assert "Passed with 217" in page and "216 needed on 2025-08-01" in page
    applicant.refresh_from_db()
    assert "USMLE Step 2 CK" not in " ".join(applicant.cert_blocking)


def test_a_chosen_outcome_stays_when_the_mark_changes(applicant_client):
    attempt = saved(post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=217,
                         outcome="fail"))
    assert attempt.outcome_derived is False
    _lower_the_2025_step2ck_mark(216)
    attempt.refresh_from_db()
    assert attempt.outcome == "fail"  # the applicant's own record of the result wins


def test_staff_typing_an_outcome_in_the_admin_makes_it_recorded(applicant_client, client,
                                                                staff):
    worked_out = saved(post(applicant_client, exam="STEP2CK", test_date="2025-08-01",
                            score=217))
    client.force_login(staff)
    url = reverse("admin:certification_examattempt_change", args=[worked_out.pk])
    response = client.post(url, {
        "applicant": worked_out.applicant_id, "exam": "STEP2CK", "test_date": "2025-08-01",
        "score": "217", "outcome": "pass", "eligibility_start": "", "eligibility_end": "",
        "scheduled_date": "", "result_date": ""})
    assert response.status_code == 302
    worked_out.refresh_from_db()
    assert (worked_out.outcome, worked_out.outcome_derived) == ("pass", False)


def test_a_worked_out_outcome_uses_the_marks_in_the_database_not_a_cached_copy(
        applicant_client, settings):
    """Another process corrected the mark; this one still caches the old rules: the outcome
    stored on the next write follows the database."""
    settings.REFERENCE_CACHE_SECONDS = 60
    reference_cache.clear()
    worked_out = saved(post(applicant_client, exam="STEP2CK", test_date="2025-08-01",
                            score=217))
    assert worked_out.outcome == "fail"  # the rules are now cached in this process
    current = RequirementSet.objects.get(code="RS-2027-P")
    draft = rulesets.copy_as_draft(current, by=None)
    requirement = draft.requirements.get(code="C-STEP2CK")
    requirement.params["pass_marks"][-1][1] = 216
    requirement.save()
    applicant_client.get(reverse("certification:exams"))  # the old rules cached again
    # Published by another process: no signal here.
    RequirementSet.objects.filter(pk=current.pk).update(status="superseded")
    RequirementSet.objects.filter(pk=draft.pk).update(status="published")
    post(applicant_client, exam="STEP1", test_date="2024-03-10", outcome="pass")
    worked_out.refresh_from_db()
    assert worked_out.outcome == "pass"
    reference_cache.clear()


def test_editing_a_worked_out_outcome_keeps_it_worked_out(applicant_client):
    saved_attempt = saved(post(applicant_client, exam="STEP2CK", test_date="2025-08-01",
                               score=217))
    url = reverse("certification:exam-edit", args=[saved_attempt.pk])
    form = applicant_client.get(url).context["form"]
    assert form.initial["outcome"] == ""  # shown empty, as the applicant left it
    assert "Now worked out from your score: Failed" in form.fields["outcome"].help_text
    applicant_client.post(url, attempt("STEP2CK", test_date="2025-08-01", score=217))
    saved_attempt.refresh_from_db()
    assert (saved_attempt.outcome, saved_attempt.outcome_derived) == ("fail", True)


@pytest.mark.parametrize(("day", "score", "outcome"), [
    ("2023-12-31", 198, "pass"),  # 198 until the end of 2023
    ("2024-01-01", 199, "fail"),  # 200 from 2024-01-01
    ("2024-01-01", 200, "pass"),
])
def test_step3_marks_by_test_date(applicant_client, day, score, outcome):
    response = post(applicant_client, exam="STEP3", test_date=day, score=score)
    assert saved(response).outcome == outcome


def test_step3_marks_come_from_the_settings_table(applicant_client, settings):
    settings.USMLE_STEP3_PASS_MARKS = [["2016-01-01", 190]]
    response = post(applicant_client, exam="STEP3", test_date="2024-03-01", score=191)
    assert saved(response).outcome == "pass"
    page = applicant_client.get(reverse("certification:exams")).content.decode()
    assert "190 needed on 2024-03-01" in page


def test_a_chosen_outcome_is_kept_when_the_score_agrees(applicant_client):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=240,
                    outcome="pass", result_date="2025-08-27")
    assert saved(response).outcome == "pass"


def test_pass_with_a_score_below_the_mark_is_refused_at_the_score(applicant_client):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=217,
                    outcome="pass")
    assert "A score of 217 is below the 218 needed on 1 Aug 2025" in error_at(response, "score")
    assert not ExamAttempt.objects.exists()


def test_fail_with_a_score_at_the_mark_is_refused_at_the_score(applicant_client):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=218,
                    outcome="fail")
    assert "reaches the 218 needed on 1 Aug 2025, so it is not a fail" in error_at(
        response, "score")


def test_incomplete_attempt_with_a_score_is_refused_at_the_score(applicant_client):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=230,
                    outcome="incomplete")
    assert "An incomplete attempt has no score" in error_at(response, "score")


# Step 1 and Step 2 CS: pass/fail


def test_step1_score_refused_from_2022_01_26(applicant_client):
    response = post(applicant_client, exam="STEP1", test_date="2022-01-26", score=230,
                    outcome="pass")
    assert ("Step 1 is reported pass/fail for tests from 26 Jan 2022: leave the score empty."
            in error_at(response, "score"))


def test_step1_three_digit_score_accepted_the_day_before(applicant_client):
    response = post(applicant_client, exam="STEP1", test_date="2022-01-25", score=230,
                    outcome="pass")
    assert saved(response).score == 230


def test_step1_score_before_2022_needs_the_outcome_chosen(applicant_client):
    response = post(applicant_client, exam="STEP1", test_date="2021-06-01", score=230)
    assert "No Step 1 pass mark is on file for 1 Jun 2021" in error_at(response, "outcome")


def test_step2cs_test_date_must_be_before_it_was_discontinued(applicant_client):
    response = post(applicant_client, exam="STEP2CS", test_date="2021-01-26", outcome="pass")
    assert "Step 2 CS was discontinued on 26 Jan 2021" in error_at(response, "test_date")
    assert saved(post(applicant_client, exam="STEP2CS", test_date="2019-05-02",
                      outcome="pass")).exam == "STEP2CS"


def test_step2cs_takes_no_score(applicant_client):
    response = post(applicant_client, exam="STEP2CS", test_date="2019-05-02", outcome="pass",
                    score=220)
    assert "Step 2 CS was reported pass/fail only" in error_at(response, "score")


@pytest.mark.parametrize("score", [0, 301])
def test_scores_out_of_range_are_refused(applicant_client, score):
    response = post(applicant_client, exam="STEP2CK", test_date="2025-08-01", score=score)
    assert "USMLE scores run from 1 to 300." in error_at(response, "score")


# Dates in order


def test_eligibility_period_must_not_end_before_it_starts(applicant_client):
    response = post(applicant_client, eligibility_start="2025-04-01",
                    eligibility_end="2025-03-01")
    assert "The eligibility period ends before it starts (1 Apr 2025)." in error_at(
        response, "eligibility_end")


@pytest.mark.parametrize("field", ["scheduled_date", "test_date"])
def test_dates_outside_the_eligibility_period_are_refused(applicant_client, field):
    response = post(applicant_client, eligibility_start="2025-01-01",
                    eligibility_end="2025-03-31", **{field: "2025-04-02"})
    assert "2 Apr 2025 is after the eligibility period ends (31 Mar 2025)." in error_at(
        response, field)


def test_result_date_before_the_test_date_is_refused(applicant_client):
    response = post(applicant_client, test_date="2025-03-10", result_date="2025-03-01",
                    outcome="pass")
    assert "The result date is before the test date (10 Mar 2025)." in error_at(
        response, "result_date")


def test_outcome_for_a_test_in_the_future_is_refused(applicant_client):
    later = date.today() + timedelta(days=20)
    response = post(applicant_client, test_date=later, outcome="pass")
    assert plain_dates(f"The test date {later} is in the future") in error_at(response, "test_date")


def test_a_future_registration_without_result_is_fine(applicant_client):
    start = date.today() + timedelta(days=10)
    response = post(applicant_client, exam="STEP2CK", eligibility_start=start,
                    eligibility_end=start + timedelta(days=90),
                    scheduled_date=start + timedelta(days=30))
    assert saved(response).outcome == ""


# USMLE attempt rules (engine: check_new_attempt, earliest_allowed_date)


def test_no_new_attempt_of_a_passed_step(applicant, applicant_client):
    ExamAttemptFactory(applicant=applicant, exam="STEP1", test_date=date(2024, 3, 10))
    response = post(applicant_client, exam="STEP1", test_date="2024-09-10", outcome="fail")
    assert "Step 1 was passed on 10 Mar 2024; a passed Step can't be retaken" in error_at(
        response, "exam")


def test_a_fourth_attempt_too_soon_names_the_earliest_allowed_date(applicant, applicant_client,
                                                                   applied):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10"):
        fail(applicant, "STEP1", day)
    response = post(applicant_client, exam="STEP1", test_date="2023-03-01", outcome="fail")
    message = error_at(response, "test_date")
    assert "at most 3 attempts of a Step in 12 months" in message
    assert "the earliest allowed date is 10 Mar 2023" in message
    assert saved(post(applicant_client, exam="STEP1", test_date="2023-03-10",
                      outcome="fail")).test_date == date(2023, 3, 10)


def test_a_scheduled_date_too_soon_is_refused_at_the_scheduled_date(applicant, applicant_client,
                                                                    applied):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10"):
        fail(applicant, "STEP2CK", day)
    response = post(applicant_client, exam="STEP2CK", scheduled_date="2022-12-01")
    assert "the earliest allowed date is 10 Mar 2023" in error_at(response, "scheduled_date")


def test_a_fifth_attempt_is_refused_under_the_four_attempt_limit(applicant, applicant_client,
                                                                 applied):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10", "2023-03-15"):
        fail(applicant, "STEP2CK", day)
    response = post(applicant_client, exam="STEP2CK", test_date="2024-06-01", outcome="fail")
    assert ("Step 2 CK has been attempted 4 times; the limit is 4 attempts per Step"
            in error_at(response, "exam"))


def test_four_failures_on_one_step_close_every_step(applicant, applicant_client, applied):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10", "2023-03-15"):
        fail(applicant, "STEP1", day)
    response = post(applicant_client, exam="STEP2CK", test_date="2024-06-01", score=250)
    assert "4 attempts on Step 1 without a pass close every USMLE Step" in error_at(
        response, "exam")


def test_an_exam_application_before_2021_07_keeps_the_six_attempt_limit(applicant,
                                                                         applicant_client):
    for day in ("2019-01-10", "2019-05-10", "2019-09-10", "2020-03-15"):
        fail(applicant, "STEP1", day)
    response = post(applicant_client, exam="STEP1", test_date="2020-09-20", outcome="pass")
    assert saved(response).outcome == "pass"


def test_the_exam_application_not_the_ecfmg_one_decides_the_limit(applicant,
                                                                    applicant_client):
    EcfmgRecordFactory(applicant=applicant, application_submitted_on=date(2020, 5, 1))
    for day in ("2022-01-10", "2022-05-10", "2022-09-10", "2023-03-15"):
        fail(applicant, "STEP1", day)
    response = post(applicant_client, exam="STEP1", test_date="2024-06-01", outcome="pass")
    assert "the limit is 4 attempts per Step" in error_at(response, "exam")


def test_history_can_be_entered_out_of_order_and_old_attempts_edited(applicant,
                                                                     applicant_client, applied):
    later = [fail(applicant, "STEP1", d) for d in ("2022-05-10", "2022-09-10", "2023-03-15")]
    response = post(applicant_client, exam="STEP1", test_date="2022-01-10", outcome="fail")
    assert saved(response).test_date == date(2022, 1, 10)
    edit = reverse("certification:exam-edit", kwargs={"pk": later[0].pk})
    response = applicant_client.post(edit, attempt(test_date="2022-05-10", outcome="fail",
                                                   result_date="2022-06-01"))
    assert response.status_code == 302, errors_shown(response)
    later[0].refresh_from_db()
    assert later[0].result_date == date(2022, 6, 1)


def test_the_same_attempt_twice_is_refused(applicant, applicant_client):
    fail(applicant, "STEP1", "2022-01-10")
    response = post(applicant_client, exam="STEP1", test_date="2022-01-10", outcome="fail")
    assert "A Step 1 attempt on 10 Jan 2022 is already on record." in error_at(
        response, "test_date")


def test_exam_list_shows_the_earliest_allowed_date(applicant, applicant_client):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10"):
        fail(applicant, "STEP1", day)
    page = applicant_client.get(reverse("certification:exams")).content.decode()
    assert "Step 1</strong>: 3 attempts" in page
    assert "earliest allowed date for the next attempt is 10 Mar 2023" in page
    assert reverse("certification:oet") in page and reverse("certification:pathways") in page


# Progress follows every write


def test_adding_a_passed_step1_raises_progress(applicant, applicant_client):
    response = post(applicant_client, exam="STEP1", test_date="2024-03-10", outcome="pass")
    saved(response)
    applicant.refresh_from_db()
    assert applicant.cert_met == 1
    assert applicant.cert_percent > 0


def test_deleting_the_pass_lowers_progress_again(applicant, applicant_client):
    saved(post(applicant_client, exam="STEP1", test_date="2024-03-10", outcome="pass"))
    exam = ExamAttempt.objects.get()
    url = reverse("certification:exam-delete", kwargs={"pk": exam.pk})
    confirm = applicant_client.get(url)
    assert confirm.status_code == 200 and "Delete USMLE Step 1 2024-03-10?" in (
        confirm.content.decode())
    assert applicant_client.post(url).status_code == 302
    assert not ExamAttempt.objects.exists()
    assert Applicant.objects.get(pk=applicant.pk).cert_met == 0


def test_a_refused_attempt_leaves_progress_and_records_alone(applicant, applicant_client):
    post(applicant_client, exam="STEP1", test_date="2022-02-01", score=230, outcome="pass")
    applicant.refresh_from_db()
    assert not ExamAttempt.objects.exists()
    assert applicant.progress_updated_at is None
