"""The ECFMG file, OET sittings and Pathway applications as the applicant records them, and
who may reach which record."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Applicant
from certification.models import EcfmgRecord, ExamAttempt, OetSitting, PathwayApplication
from tests.certification.pages import error_at, errors_shown
from tests.factories import (
    EcfmgRecordFactory,
    ExamAttemptFactory,
    OetSittingFactory,
    PathwayApplicationFactory,
)

pytestmark = pytest.mark.django_db

ECFMG = reverse("certification:ecfmg")


def ecfmg_data(**fields) -> dict:
    data = {"ecfmg_id": "", "account_status": "not_started", "account_verified_on": "",
            "application_status": "not_started", "application_submitted_on": "",
            "application_decided_on": "", "certificate_issued_on": "", "certificate_number": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


# ECFMG file


@pytest.mark.parametrize("typed", ["01234567", "0-123-456-7", " 0123-4567 "])
def test_ecfmg_id_with_or_without_dashes_is_stored_normalised(applicant, applicant_client,
                                                              typed):
    response = applicant_client.post(ECFMG, ecfmg_data(ecfmg_id=typed))
    assert response.status_code == 302, errors_shown(response)
    assert EcfmgRecord.objects.get(applicant=applicant).ecfmg_id == "0-123-456-7"
    assert "0-123-456-7" in applicant_client.get(ECFMG).content.decode()


@pytest.mark.parametrize("typed", ["1234567", "123456789", "0123456A", "0-123-456-7x",
                                   "0 - 123 - 456 - 78"])
def test_ecfmg_id_with_the_wrong_shape_is_refused_at_the_field(applicant_client, typed):
    response = applicant_client.post(ECFMG, ecfmg_data(ecfmg_id=typed))
    assert "An ECFMG/USMLE ID has 8 digits" in error_at(response, "ecfmg_id")
    assert not EcfmgRecord.objects.exists()


def test_the_file_is_created_on_first_save_and_updated_after(applicant, applicant_client):
    page = applicant_client.get(ECFMG).content.decode()
    assert "Start your ECFMG file" in page and not EcfmgRecord.objects.exists()
    applicant_client.post(ECFMG, ecfmg_data(application_status="submitted",
                                            application_submitted_on="2025-09-01"))
    applicant_client.post(ECFMG, ecfmg_data(application_status="accepted",
                                            application_submitted_on="2025-09-01",
                                            application_decided_on="2025-10-02"))
    record = EcfmgRecord.objects.get(applicant=applicant)
    assert record.application_status == "accepted"
    assert EcfmgRecord.objects.count() == 1
    applicant.refresh_from_db()
    assert applicant.cert_met >= 1  # the application requirement is met


def test_decision_before_submission_is_refused(applicant_client):
    response = applicant_client.post(ECFMG, ecfmg_data(
        application_status="accepted", application_submitted_on="2025-09-01",
        application_decided_on="2025-08-01"))
    assert "The decision date is before the submission date (1 Sep 2025)." in error_at(
        response, "application_decided_on")


@pytest.mark.parametrize(("status", "article"), [("accepted", "An"), ("rejected", "A")])
def test_a_decided_application_needs_its_decision_date(applicant_client, status, article):
    response = applicant_client.post(ECFMG, ecfmg_data(
        application_status=status, application_submitted_on="2025-09-01"))
    assert f"{article} {status} application needs the date ECFMG decided." in error_at(
        response, "application_decided_on")


def test_certificate_only_after_acceptance(applicant_client):
    response = applicant_client.post(ECFMG, ecfmg_data(
        application_status="submitted", application_submitted_on="2025-09-01",
        certificate_issued_on="2025-11-01", certificate_number="123456"))
    assert "A certificate is issued only after the application is accepted." in error_at(
        response, "certificate_issued_on")


def test_certificate_not_dated_before_the_acceptance(applicant_client):
    response = applicant_client.post(ECFMG, ecfmg_data(
        application_status="accepted", application_submitted_on="2025-09-01",
        application_decided_on="2025-10-01", certificate_issued_on="2025-09-15"))
    assert "before the application was accepted (1 Oct 2025)" in error_at(
        response, "certificate_issued_on")


def test_certificate_number_needs_its_date(applicant_client):
    response = applicant_client.post(ECFMG, ecfmg_data(
        application_status="accepted", application_submitted_on="2025-09-01",
        application_decided_on="2025-10-01", certificate_number="0-999"))
    assert "Add the date the certificate was issued." in error_at(
        response, "certificate_issued_on")


def test_a_submission_date_in_the_future_is_refused(applicant_client):
    later = date.today() + timedelta(days=3)
    response = applicant_client.post(ECFMG, ecfmg_data(application_status="submitted",
                                                       application_submitted_on=later))
    assert "is in the future" in error_at(response, "application_submitted_on")


# OET sittings


def oet_data(**fields) -> dict:
    data = {"test_date": "2025-03-08", "result_date": "", "listening": "", "reading": "",
            "writing": "", "speaking": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def test_oet_page_explains_the_single_sitting_rule(applicant_client):
    page = applicant_client.get(reverse("certification:oet")).content.decode()
    assert "One sitting counts, never a mix" in page
    assert "Scores from different sittings are never combined" in page


def test_oet_sitting_with_four_scores_is_listed(applicant, applicant_client):
    response = applicant_client.post(reverse("certification:oet-add"), oet_data(
        result_date="2025-03-25", listening=380, reading=360, writing=320, speaking=400))
    assert response.status_code == 302, errors_shown(response)
    page = applicant_client.get(reverse("certification:oet")).content.decode()
    assert "8 Mar 2025" in page and '<td data-label="Writing">320</td>' in page


def test_oet_sitting_without_scores_is_pending(applicant_client):
    response = applicant_client.post(reverse("certification:oet-add"), oet_data())
    assert response.status_code == 302
    assert "Pending" in applicant_client.get(reverse("certification:oet")).content.decode()


@pytest.mark.parametrize(("day", "accepted"), [("2026-11-22", True), ("2026-11-23", False)])
def test_a_date_already_begun_on_the_applicants_calendar_is_not_the_future(
        monkeypatch, applicant_client, day, accepted):
    """03:00 UTC on 22 November is 08:30 in India but still the 21st in New York: a sitting
    the applicant dates the 22nd with its scores in has happened; the 23rd has begun
    nowhere yet."""
    moment = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    response = applicant_client.post(reverse("certification:oet-add"), oet_data(
        test_date=day, result_date=day, listening=380, reading=360, writing=320,
        speaking=400))
    assert OetSitting.objects.exists() == accepted
    if not accepted:
        assert "in the future" in error_at(response, "test_date")


def test_oet_scores_from_part_of_a_sitting_are_refused(applicant_client):
    response = applicant_client.post(reverse("certification:oet-add"), oet_data(
        listening=380, reading=360))
    for part in ("writing", "speaking"):
        assert "Enter all four scores from this one sitting" in error_at(response, part)
    assert not OetSitting.objects.exists()


@pytest.mark.parametrize(("score", "message"), [
    (355, "OET scores go in steps of 10 (e.g. 350)."),
    (510, "OET sub-test scores run from 0 to 500."),
    (-10, "OET sub-test scores run from 0 to 500."),
])
def test_oet_scores_must_be_on_the_scale(applicant_client, score, message):
    response = applicant_client.post(reverse("certification:oet-add"), oet_data(
        listening=score, reading=360, writing=320, speaking=400))
    assert message in error_at(response, "listening")


def test_oet_result_before_the_sitting_is_refused(applicant_client):
    response = applicant_client.post(reverse("certification:oet-add"), oet_data(
        result_date="2025-03-01"))
    assert "The result date is before the test date (8 Mar 2025)." in error_at(
        response, "result_date")


def test_oet_edit_and_delete(applicant, applicant_client):
    sitting = OetSittingFactory(applicant=applicant)
    edit = reverse("certification:oet-edit", kwargs={"pk": sitting.pk})
    response = applicant_client.post(edit, oet_data(listening=400, reading=400, writing=400,
                                                    speaking=400))
    assert response.status_code == 302
    sitting.refresh_from_db()
    assert sitting.writing == 400
    delete = reverse("certification:oet-delete", kwargs={"pk": sitting.pk})
    assert "Delete OET Medicine 2025-03-08?" in applicant_client.get(delete).content.decode()
    applicant_client.post(delete)
    assert not OetSitting.objects.exists()


# Pathway applications


def pathway_data(**fields) -> dict:
    data = {"pathway": "3", "season": "2027", "status": "preparing", "submitted_on": "",
            "decided_on": "", "valid_through": "", "decision_reason": "", "evidence_notes": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def test_pathway_list_shows_the_evidence_each_needs(applicant, applicant_client):
    PathwayApplicationFactory(applicant=applicant, pathway="6")
    page = applicant_client.get(reverse("certification:pathways")).content.decode()
    assert "Pathway 6: Mini-CEX, 2027 Match" in page
    assert "Six in-person patient encounters" in page


def test_pathway_form_lists_every_pathway_with_its_evidence(applicant_client):
    page = applicant_client.get(reverse("certification:pathway-add")).content.decode()
    for words in ("Pathway 1: licensure", "Your licence with an English translation",
                  "attestation from your school that you passed its OSCE",
                  "Pathways revalidation"):
        assert words in page


def test_pathway_saved(applicant, applicant_client):
    response = applicant_client.post(reverse("certification:pathway-add"), pathway_data(
        status="submitted", submitted_on="2026-09-01", evidence_notes="Attestation requested"))
    assert response.status_code == 302, errors_shown(response)
    assert PathwayApplication.objects.get(applicant=applicant).status == "submitted"


def test_accepted_pathway_needs_a_decision_date(applicant_client):
    response = applicant_client.post(reverse("certification:pathway-add"), pathway_data(
        status="accepted", submitted_on="2026-09-01"))
    assert "An accepted application needs the date ECFMG decided." in error_at(
        response, "decided_on")


def test_a_second_accepted_pathway_for_one_season_is_refused(applicant, applicant_client):
    PathwayApplicationFactory(applicant=applicant, pathway="6", season=2027,
                              status="accepted", submitted_on=date(2026, 9, 1),
                              decided_on=date(2026, 10, 1))
    response = applicant_client.post(reverse("certification:pathway-add"), pathway_data(
        status="accepted", submitted_on="2026-09-01", decided_on="2026-10-02"))
    assert "Another Pathway is already accepted for the 2027 Match" in error_at(
        response, "status")
    ok = applicant_client.post(reverse("certification:pathway-add"), pathway_data(
        season=2028, status="accepted", submitted_on="2026-09-01", decided_on="2026-10-02"))
    assert ok.status_code == 302, errors_shown(ok)


def test_pathway_decision_before_submission_is_refused(applicant_client):
    response = applicant_client.post(reverse("certification:pathway-add"), pathway_data(
        status="rejected", submitted_on="2026-09-01", decided_on="2026-08-01"))
    assert "The decision date is before the submission date (1 Sep 2026)." in error_at(
        response, "decided_on")


def test_season_before_pathways_existed_is_refused(applicant_client):
    response = applicant_client.post(reverse("certification:pathway-add"),
                                     pathway_data(season=2019))
    assert "Pathways began with the 2021 Match" in error_at(response, "season")


@pytest.fixture
def cs_failer(applicant):
    ExamAttemptFactory(applicant=applicant, exam="STEP2CS", test_date=date(2019, 6, 3),
                       eligibility_start=None, eligibility_end=None, result_date=None,
                       outcome="fail")
    return applicant


def test_a_step2cs_failer_is_warned_that_pathway_6_is_required(cs_failer, applicant_client):
    for name in ("certification:pathways", "certification:pathway-add"):
        page = applicant_client.get(reverse(name)).content.decode()
        assert "Pathway 6 is required for you." in page
        assert "You failed Step 2 CS on 3 Jun 2019" in page


def test_a_step2cs_failer_is_refused_another_pathway(cs_failer, applicant_client):
    response = applicant_client.post(reverse("certification:pathway-add"), pathway_data())
    assert ("You failed Step 2 CS on 3 Jun 2019: anyone who has failed it must apply through "
            "Pathway 6." in error_at(response, "pathway"))
    response = applicant_client.post(reverse("certification:pathway-add"),
                                     pathway_data(pathway="6"))
    assert response.status_code == 302


def test_no_pathway_6_warning_without_a_failed_step2cs(applicant_client):
    page = applicant_client.get(reverse("certification:pathways")).content.decode()
    assert "Pathway 6 is required for you." not in page


# Who may reach which record

RECORDS = {
    "exam": (ExamAttemptFactory, ExamAttempt),
    "oet": (OetSittingFactory, OetSitting),
    "pathway": (PathwayApplicationFactory, PathwayApplication),
}


@pytest.fixture
def others_client(client, other_applicant):
    client.force_login(other_applicant.user)
    return client


@pytest.mark.parametrize("kind", RECORDS)
@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_applicants_record_is_404(applicant, others_client, kind, action, method):
    factory, _ = RECORDS[kind]
    record = factory(applicant=applicant)
    url = reverse(f"certification:{kind}-{action}", kwargs={"pk": record.pk})
    assert getattr(others_client, method)(url).status_code == 404


def test_a_forged_edit_of_anothers_exam_changes_nothing(applicant, others_client):
    exam = ExamAttemptFactory(applicant=applicant)
    url = reverse("certification:exam-edit", kwargs={"pk": exam.pk})
    response = others_client.post(url, {"exam": "STEP2CK", "test_date": "2025-01-01",
                                        "outcome": "fail"})
    assert response.status_code == 404
    exam.refresh_from_db()
    assert (exam.exam, exam.outcome, exam.applicant_id) == ("STEP1", "pass", applicant.pk)


@pytest.mark.parametrize("kind", RECORDS)
def test_a_forged_delete_of_anothers_record_changes_nothing(applicant, others_client, kind):
    factory, model = RECORDS[kind]
    record = factory(applicant=applicant)
    url = reverse(f"certification:{kind}-delete", kwargs={"pk": record.pk})
    assert others_client.post(url).status_code == 404
    assert model.objects.filter(pk=record.pk).exists()


def test_each_applicant_sees_only_their_own_records(applicant, other_applicant, others_client):
    EcfmgRecordFactory(applicant=applicant, ecfmg_id="0-111-222-3")
    OetSittingFactory(applicant=applicant, test_date=date(2024, 11, 2))
    PathwayApplicationFactory(applicant=applicant, pathway="5")
    pages = "".join(others_client.get(reverse(name)).content.decode() for name in (
        "certification:ecfmg", "certification:oet", "certification:pathways"))
    assert "0-111-222-3" not in pages
    assert "2024-11-02" not in pages
    assert "Pathway 5: joint degree" not in pages


@pytest.mark.parametrize("name", ["certification:ecfmg", "certification:exams",
                                  "certification:oet", "certification:pathways"])
def test_advisors_and_staff_have_no_record_pages(client, advisor_with_mfa, name):
    client.force_login(advisor_with_mfa)
    response = client.get(reverse(name))  # what the page is for, and a way to the caseload
    assert response.status_code == 403
    assert "This page is for applicants" in response.content.decode()


def test_an_applicant_not_yet_onboarded_is_sent_to_onboarding(client, user):
    client.force_login(user)
    response = client.get(reverse("certification:exams"))
    assert response["Location"] == reverse("applicants:onboarding")


def test_nav_links_to_exams_and_the_ecfmg_file(applicant_client):
    page = applicant_client.get(reverse("certification:exams")).content.decode()
    assert f'href="{reverse("certification:exams")}" aria-current="page">Exams' in page
    assert f'href="{ECFMG}">ECFMG file' in page


def test_deleting_a_record_refreshes_progress(applicant, applicant_client):
    pathway = PathwayApplicationFactory(applicant=applicant)
    applicant_client.post(reverse("certification:pathway-delete", kwargs={"pk": pathway.pk}))
    assert Applicant.objects.get(pk=applicant.pk).progress_updated_at is not None


def test_the_ecfmg_file_reports_every_error_in_one_round(applicant, applicant_client):
    """A malformed ID (the form's check) and a future verification date (the service's
    check) are both shown after one submission, and nothing is saved."""
    response = applicant_client.post(ECFMG, ecfmg_data(
        ecfmg_id="12-34", account_status="verified", account_verified_on="2099-01-05"))
    assert "An ECFMG/USMLE ID has 8 digits" in error_at(response, "ecfmg_id")
    assert "5 Jan 2099 is in the future" in error_at(response, "account_verified_on")
    assert not EcfmgRecord.objects.filter(applicant=applicant).exists()
