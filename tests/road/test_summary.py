"""road_summary is the one decision of every road word: the dashboard, the Match page, the
checklist and the summary stored on the applicant say the same words for varied applicants."""

from datetime import date

import pytest
from django.urls import reverse

from applicants.models import Applicant
from core.status import RoadWord, Verdict, word
from road.refresh import refresh_road
from tests.factories import (
    ApplicantFactory,
    CredentialDocumentFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    MedicalSchoolFactory,
    OetSittingFactory,
    PathwayApplicationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def _new(**kwargs):
    return ApplicantFactory(**kwargs)


def _step1_failed_four_times(applicant):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10", "2023-03-15"):
        ExamAttemptFactory(applicant=applicant, test_date=date.fromisoformat(day),
                           outcome="fail", eligibility_start=None, eligibility_end=None)


def _passed_step1_and_ck(applicant):
    ExamAttemptFactory(applicant=applicant)
    ExamAttemptFactory(applicant=applicant, exam="STEP2CK", test_date=date(2024, 9, 1),
                       eligibility_start=None, eligibility_end=None, score=240,
                       outcome="pass")


def _everything(applicant):
    applicant.school = MedicalSchoolFactory()
    applicant.save()
    EcfmgRecordFactory(applicant=applicant, application_status="accepted",
                       application_decided_on=date(2023, 10, 1), account_status="verified",
                       account_verified_on=date(2023, 9, 1))
    _passed_step1_and_ck(applicant)
    OetSittingFactory(applicant=applicant)
    PathwayApplicationFactory(applicant=applicant, season=2028, status="accepted",
                              decided_on=date(2026, 10, 1))
    for kind in ("DIPLOMA", "FINAL_TRANSCRIPT"):
        CredentialDocumentFactory(applicant=applicant, type=kind, state="verified",
                                  state_changed_on=date(2024, 1, 5), credit_years=2)


CASES = {
    "new": lambda a: None,
    "step1 passed": lambda a: ExamAttemptFactory(applicant=a),
    "step1 failed four times": _step1_failed_four_times,
    "both steps passed": _passed_step1_and_ck,
    "step 2 ck booked": lambda a: ExamAttemptFactory(
        applicant=a, exam="STEP2CK", test_date=None, outcome="", result_date=None,
        eligibility_start=date(2026, 10, 1), eligibility_end=date(2027, 3, 31),
        scheduled_date=date(2027, 2, 1)),
    "oet short": lambda a: OetSittingFactory(applicant=a, writing=280),
    "pathway rejected": lambda a: PathwayApplicationFactory(
        applicant=a, status="rejected", decided_on=date(2026, 10, 1),
        decision_reason="Attestation missing"),
    "registered with nrmp": lambda a: RegistrationFactory(
        applicant=a, season=2028, nrmp_registered_on=date(2026, 11, 2)),
    "everything recorded": _everything,
    "document rejected": lambda a: CredentialDocumentFactory(
        applicant=a, state="rejected", state_changed_on=date(2026, 6, 1),
        rejection_reason="Translation missing"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_page_and_the_stored_summary_say_the_same_words(case, client):
    applicant = _new()
    CASES[case](applicant)
    summary = refresh_road(applicant.pk)
    stored = Applicant.objects.get(pk=applicant.pk)
    client.force_login(applicant.user)

    board = client.get(reverse("road:dashboard")).context["board"]
    assert board.certificate.word == word(RoadWord(stored.cert_word)) == summary.certificate.word
    assert board.match.word == word(Verdict(stored.match_word)) == summary.match_bar.word
    assert board.match_verdict == stored.match_status == str(summary.verdict)
    assert stored.cert_status == str(summary.certificate_state)

    match_page = client.get(reverse("residency:match"))
    assert match_page.context["verdict"] == word(Verdict(stored.match_status))
    shown = {row.check.code: row.label for row in match_page.context["rows"]}
    assert shown == {c.code: word(c.status) for c in summary.match.eligibility.checks}

    checklist = client.get(reverse("certification:checklist"))
    assert checklist.context["certificate"].word == board.certificate.word
    lines = {line["outcome"].code: line["outcome"].status for line in checklist.context["lines"]}
    assert lines == {o.code: summary.status_of(o.code) for o in summary.evaluation.outcomes}
    assert [o.title for o in summary.evaluation.blocking] == stored.cert_blocking


def test_the_cases_cover_every_bar_word():
    """The table above is worth its name only if it reaches each word."""
    words = set()
    for case, build in CASES.items():
        applicant = _new(legal_name=f"Case {case}")
        build(applicant)
        summary = refresh_road(applicant.pk)
        words |= {summary.certificate.status, summary.match_bar.status}
    assert {RoadWord.ON_TRACK, RoadWord.AT_RISK, RoadWord.BLOCKED} <= words
    assert {Verdict.AT_RISK, Verdict.NOT_ELIGIBLE} <= words


def test_pages_show_each_status_with_its_own_badge(client):
    """Blocked requirements keep the red badge, not-started Match checks the not-started one."""
    applicant = _new()
    _step1_failed_four_times(applicant)
    RegistrationFactory(applicant=applicant, season=2028, nrmp_registered_on=None)
    refresh_road(applicant.pk)
    client.force_login(applicant.user)
    checklist = client.get(reverse("certification:checklist")).content.decode()
    assert 'class="badge badge-blocked">Blocked<' in checklist
    assert 'class="badge badge-not_started">Not started<' in checklist
    match = client.get(reverse("residency:match")).content.decode()
    assert 'class="badge badge-blocked">Not met<' in match
    board = client.get(reverse("road:dashboard")).context["board"]
    # NRMP registration for 2028 has not opened: "Not started" (it read "On track" before).
    not_started = [ln for _, _, lines in board.groups for ln in lines
                   if ln.label == "Not started"]
    assert not_started and all(str(ln.tone) == "todo" for ln in not_started)
    assert 'class="badge badge-not_started">Not started<' in match
