import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from pypdf import PdfReader

from certification.models import CredentialDocument, ExamAttempt, OetSitting, PathwayApplication
from core import road
from core.status import CheckStatus, Status
from residency.models import ResidencyApplication, SavedProgram
from road.summary import certificate_bar
from tests.factories import (
    ApplicantFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    ProgramFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("road:dashboard")


def _records(applicant, n):
    start = date(2021, 1, 1)
    for i in range(n):
        day = start + timedelta(days=20 * i)
        ExamAttempt.objects.create(applicant=applicant, exam="STEP3", test_date=day,
                                   outcome="fail")
        CredentialDocument.objects.create(
            applicant=applicant, type="OTHER", file=f"documents/x{i}", original_name="x.pdf",
            content_type="application/pdf", size=10, sha256="0" * 64)
        OetSitting.objects.create(applicant=applicant, test_date=day, listening=300,
                                  reading=300, writing=300, speaking=300)
        PathwayApplication.objects.create(applicant=applicant, pathway="6", season=2026)
        program = ProgramFactory()
        SavedProgram.objects.create(applicant=applicant, program=program)
        ResidencyApplication.objects.create(applicant=applicant, season=2028, program=program)


@pytest.mark.parametrize("records", [1, 50])
def test_dashboard_query_count_is_constant(client, records, django_assert_max_num_queries):
    applicant = ApplicantFactory()
    _records(applicant, records)
    client.force_login(applicant.user)
    # session, user, the applicant with every record (one query: core.preload), rule
    # sets, requirements, season (these three are cached per process outside the tests).
    # The ceiling is 12.
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["board"].saved_total == records


def test_new_applicant_sees_where_to_start(applicant_client):
    page = applicant_client.get(URL).content.decode()
    assert "Start here" in page
    assert reverse("certification:ecfmg") in page
    assert "0 of 11" in page  # the certificate bar


def test_the_certificate_word_asks_whether_it_comes_in_time(applicant_client, applicant):
    """Nothing blocked but nothing planned is not "On track": the word says the certificate
    has no expected date before training starts; with the certificate issued it is."""
    board = applicant_client.get(URL).context["board"]
    assert board.certificate.word == "At risk"
    assert board.certificate.note.startswith("No expected certificate date yet")
    # Nothing planned with the 2028 Match more than a year away: the exams are "Not started"
    # (they read "At risk" before), so the season is not yet known rather than at risk.
    assert board.match.word == "Unknown"
    assert "Not started: Registered with NRMP; Step 1 passed and reported by ECFMG" in (
        board.match.note)
    assert board.match.note.startswith("Not known yet: ECFMG certificate before training starts")
    EcfmgRecordFactory(applicant=applicant, certificate_issued_on=date(2026, 5, 1))
    page = applicant_client.get(URL)
    certificate = page.context["board"].certificate
    assert (certificate.word, certificate.note) == (
        "On track", "ECFMG certificate issued on 2026-05-01.")
    assert "ECFMG certificate issued on 1 May 2026." in page.content.decode()


def test_every_requirement_met_without_the_certificate_on_record_is_on_track():
    """The Match's certificate check knows no date then ("not yet issued"), but nothing is
    missing: not "At risk"."""
    outcome = SimpleNamespace(title="USMLE Step 1 passed", status=Status.MET)
    evaluation = SimpleNamespace(met_count=11, total=11, outcomes=[outcome])
    timing = SimpleNamespace(status=CheckStatus.UNKNOWN, due=date(2028, 7, 1),
                             why="No ECFMG certificate and no expected date; "
                             "all requirements met, not yet issued")
    match = SimpleNamespace(eligibility=SimpleNamespace(check=lambda code: timing))
    bar = certificate_bar(evaluation, match)
    assert (bar.word, bar.note) == (
        "On track", "Every requirement is met: the certificate itself is not on record yet.")


def test_a_blocked_requirement_makes_the_certificate_word_blocked(applicant_client, applicant):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10", "2023-03-15"):
        ExamAttempt.objects.create(applicant=applicant, exam="STEP1",
                                   test_date=date.fromisoformat(day), outcome="fail")
    certificate = applicant_client.get(URL).context["board"].certificate
    assert certificate.word == "Blocked"
    assert certificate.note.startswith("Blocked: USMLE Step 1")


def test_passed_step1_moves_the_certificate_bar(applicant_client, applicant):
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=date(2025, 3, 4),
                               outcome="pass")
    response = applicant_client.get(URL)
    board = response.context["board"]
    assert (board.certificate.met, board.certificate.total) == (1, 11)
    assert "Start here" not in response.content.decode()
    exams = {key: lines for key, _, lines in board.groups}["exams"]
    step1 = next(line for line in exams if line.title.startswith("USMLE Step 1"))
    assert step1.status == "met"


def test_blocking_items_come_first(applicant_client, applicant):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10", "2023-03-15"):
        ExamAttempt.objects.create(applicant=applicant, exam="STEP1",
                                   test_date=date.fromisoformat(day), outcome="fail")
    board = applicant_client.get(URL).context["board"]
    exams = {key: lines for key, _, lines in board.groups}["exams"]
    assert exams[0].blocking
    assert board.blocking and "Blocking" in applicant_client.get(URL).content.decode()


def test_deadlines_show_official_and_local_time(applicant_client, applicant):
    applicant.time_zone = "Asia/Kolkata"
    applicant.save()
    booked = date.today() + timedelta(days=30)
    ExamAttempt.objects.create(applicant=applicant, exam="STEP2CK", scheduled_date=booked)
    road.refresh(applicant.pk)  # what every service does after a write (ORM writes here)
    page = applicant_client.get(URL).content.decode()
    assert "USMLE Step 2 CK: test day" in page
    assert "in 30 days" in page or "in 29 days" in page or "in 31 days" in page
    assert "Official dates are US Eastern time (ET)." in page


def test_timeline_is_svg_with_a_text_alternative(applicant_client, applicant):
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=date(2025, 3, 4),
                               outcome="pass")
    page = applicant_client.get(URL).content.decode()
    assert '<svg class="timeline"' in page and 'aria-labelledby="timeline-title' in page
    assert "USMLE Step 1 (passed)" in page  # the list that describes the markers


def test_timeline_shows_oet_sittings_identity_and_registration(applicant_client, applicant):
    OetSitting.objects.create(applicant=applicant, test_date=date(2025, 3, 8), listening=380,
                              reading=360, writing=320, speaking=400)
    OetSitting.objects.create(applicant=applicant, test_date=date(2099, 1, 9))
    EcfmgRecordFactory(applicant=applicant, account_verified_on=date(2023, 7, 1))
    RegistrationFactory(applicant=applicant, season=2027, nrmp_registered_on=date(2026, 9, 15))
    page = applicant_client.get(URL).content.decode()
    listed = [item.split("</time> ")[1] for item in page.split('<ol class="timeline-list">')[1]
              .split("</ol>")[0].split("</li>") if "</time> " in item]
    assert listed[:4] == ["ECFMG identity verified", "ECFMG application submitted",
                          "OET Medicine (scores in)", "NRMP registration, 2027 Match"]
    assert "OET Medicine (booked)" in listed


def test_fit_summary_names_the_most_common_reason(applicant_client, applicant):
    # Graduated 2023 and aiming at 2028: a 3-year limit admits 2025 on.
    for _ in range(2):
        SavedProgram.objects.create(applicant=applicant,
                                    program=ProgramFactory(max_years_since_graduation=3))
    SavedProgram.objects.create(applicant=applicant,
                                program=ProgramFactory(max_years_since_graduation=10))
    board = applicant_client.get(URL).context["board"]
    assert board.saved_total == 3
    assert board.common_reason


def test_pdf_report_holds_name_figures_and_blocking_items(applicant_client, applicant):
    for day in ("2022-01-10", "2022-05-10", "2022-09-10", "2023-03-15"):
        ExamAttempt.objects.create(applicant=applicant, exam="STEP1",
                                   test_date=date.fromisoformat(day), outcome="fail")
    response = applicant_client.get(reverse("road:report") + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    board = applicant_client.get(URL).context["board"]
    assert applicant.legal_name in text
    assert f"{board.certificate.met} of {board.certificate.total} met" in text
    assert f"{board.match.met} of {board.match.total} met" in text
    assert board.blocking
    for line in board.blocking:
        assert " ".join(line.title.split()) in text


def test_printable_report_is_dated(applicant_client):
    page = applicant_client.get(reverse("road:report")).content.decode()
    assert "Progress report:" in page and "Dated" in page and "Download as PDF" in page


def test_only_applicants_have_a_dashboard(client, advisor_with_mfa):
    client.force_login(advisor_with_mfa)
    response = client.get(URL)
    assert response.status_code == 403  # with a link to the caseload
    assert "This page is for applicants" in response.content.decode()


@pytest.mark.parametrize("year", [2003, 2026, 2027, 2028, 2032])
def test_every_target_season_has_a_dashboard_and_a_report(client, monkeypatch, year):
    """Seasons with a confirmed, a proposed or only a derived calendar, and one before any
    certificate rule set (2003: no certificate bar rather than a failure). A season whose
    Match Day has passed says so and points to the profile."""
    monkeypatch.setattr("core.clock.today", lambda: date(2026, 11, 22))
    applicant = ApplicantFactory(target_match_year=year)
    ExamAttemptFactory(applicant=applicant)
    client.force_login(applicant.user)
    response = client.get(URL)
    assert response.status_code == 200
    board = response.context["board"]
    assert board.match.label == f"Match eligibility, {year}"
    assert (board.certificate is None) == (year == 2003)
    over = f"The {year} Match is over" in response.content.decode()
    assert over == (year <= 2026)  # the 2026 Match Day was 20 March 2026
    report = client.get(reverse("road:report"), {"format": "pdf"})
    assert report.status_code == 200 and report.content.startswith(b"%PDF-")


def test_the_pdf_says_what_the_dashboard_says_and_lists_programs_and_applications(
        applicant_client, applicant):
    from tests.factories import (
        EcfmgRecordFactory,
        ResidencyApplicationFactory,
        SavedProgramFactory,
    )

    EcfmgRecordFactory(applicant=applicant, ecfmg_id="0-123-456-7")
    saved = SavedProgramFactory(applicant=applicant)
    ResidencyApplicationFactory(applicant=applicant, program=saved.program,
                                season=applicant.target_match_year, status="scheduled",
                                interview_on=date(2026, 12, 14))
    road.refresh(applicant.pk)
    board = applicant_client.get(URL).context["board"]
    response = applicant_client.get(reverse("road:report") + "?format=pdf")
    reader = PdfReader(io.BytesIO(response.content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    assert "ECFMG/USMLE ID 0-123-456-7" in text
    assert saved.program.name in text and board.saved_fits[0][1] in text
    assert "Interview scheduled; interview 14 Dec 2026" in text
    if not board.blocking:  # at risk is not "nothing blocking": the bars' own words
        assert "Nothing is blocking" not in text
        assert f"{board.certificate.label}: {board.certificate.word}" in text
    assert ".)." not in text and ".." not in text.replace("...", "")
    assert len(pages[-1]) > 200  # no last page holding a line or two
