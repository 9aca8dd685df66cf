"""The Match page and the dashboard say eligible-to-rank apart from what training needs by
1 July, in road_summary's words (issue 10)."""

import pytest
from django.urls import reverse

from applicants.models import Applicant
from core.dates import plain_dates
from core.status import word
from road.records import road_applicant
from road.summary import road_summary

pytestmark = pytest.mark.django_db


def test_the_match_page_and_dashboard_say_to_rank_and_to_train_apart(applicant_client,
                                                                      applicant):
    summary = road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)))
    e = summary.match.eligibility
    match_page = applicant_client.get(reverse("residency:match")).content.decode()
    # The page writes the lines' days as everywhere else ("1 Jul 2028").
    assert plain_dates(summary.rank_line) in match_page
    assert plain_dates(summary.train_line) in match_page
    assert "To rank in the 2028 Match:" in summary.rank_line
    assert "the certificate itself is not needed to match" in summary.rank_line
    assert "To start training on 2028-07-01" in summary.train_line
    dashboard = applicant_client.get(reverse("road:dashboard")).content.decode()
    assert (f"To rank: {word(e.to_rank)}; to start training: {word(e.to_train)}."
            in dashboard)


def test_the_checklist_explains_an_oet_shortfall_per_sitting(applicant_client, applicant):
    from datetime import date

    from certification.models import OetSitting
    OetSitting.objects.create(applicant=applicant, test_date=date(2025, 3, 1), listening=400,
                              reading=400, writing=280, speaking=400)
    OetSitting.objects.create(applicant=applicant, test_date=date(2025, 6, 1), listening=340,
                              reading=400, writing=400, speaking=400)
    page = applicant_client.get(reverse("certification:checklist")).content.decode()
    assert "No single sitting meets all four minimums" in page
    assert "Writing 280 in the 1 Mar 2025 sitting" in page
    assert "Listening 340 in the 1 Jun 2025 sitting" in page


def test_an_issued_certificate_reads_every_line_met_on_the_checklist_and_dashboard(
        applicant_client, applicant):
    from datetime import date

    from tests.factories import EcfmgRecordFactory
    EcfmgRecordFactory(applicant=applicant, certificate_issued_on=date(2026, 3, 1))
    page = applicant_client.get(reverse("certification:checklist")).content.decode()
    assert "11 of 11 requirements met" in page
    assert page.count("Met per your ECFMG certificate of 1 Mar 2026") >= 10
    dashboard = applicant_client.get(reverse("road:dashboard")).content.decode()
    assert "<strong>11 of 11</strong> met" in dashboard


def test_a_period_that_just_ended_reads_extension_still_possible_from_fsmb(applicant_client,
                                                                            applicant):
    from datetime import timedelta

    from certification.models import ExamAttempt
    from core import clock
    today = clock.today()
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1",
                               eligibility_start=today - timedelta(days=100),
                               eligibility_end=today - timedelta(days=10))
    page = applicant_client.get(reverse("certification:checklist")).content.decode()
    last = today + timedelta(days=15)
    assert plain_dates(f"an extension can still be requested until {last}") in page
    assert plain_dates(f"Ask FSMB for the one 3-month extension by {last}") in page
    assert "unused" not in page


def test_a_pathway_of_an_earlier_season_reads_to_confirm_on_the_checklist(applicant_client,
                                                                         applicant):
    from datetime import date

    from tests.factories import PathwayApplicationFactory
    PathwayApplicationFactory(applicant=applicant, pathway="3", season=2027, status="accepted",
                              submitted_on=date(2026, 9, 1), decided_on=date(2026, 10, 1))
    page = applicant_client.get(reverse("certification:checklist")).content.decode()
    assert ("whether it counts for the 2028 Match is to confirm with ECFMG" in page)


def test_four_failed_step1_attempts_leave_no_book_step1_anywhere(client):
    from datetime import date

    from certification.models import ExamAttempt
    from tests.factories import ApplicantFactory
    applicant = ApplicantFactory(target_match_year=2027)
    for on in (date(2024, 1, 10), date(2024, 3, 10), date(2024, 5, 10), date(2025, 6, 10)):
        ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=on,
                                   outcome="fail")
    client.force_login(applicant.user)
    for name in ("road:dashboard", "residency:match", "certification:checklist",
                 "certification:exams"):
        page = client.get(reverse(name)).content.decode()
        assert "Book Step 1" not in page, name
        assert "Apply for Step 1" not in page and "Apply to retake Step 1" not in page, name
    assert "no USMLE Step can be taken any more" in client.get(
        reverse("residency:match")).content.decode()


def test_the_match_page_h1b_line_names_the_certificate_first_and_the_j1(applicant_client,
                                                                       applicant):
    from tests.factories import RegistrationFactory
    RegistrationFactory(applicant=applicant, season=2028, visa_need="h1b")
    page = applicant_client.get(reverse("residency:match")).content.decode()
    assert "IMGs may take Step 3 only once they hold the ECFMG certificate" in page
    assert "a J-1 sponsored by ECFMG needs the ECFMG certificate, not Step 3" in page
    assert "unless extended" not in page and "2026-09-21, a date now past" in page
