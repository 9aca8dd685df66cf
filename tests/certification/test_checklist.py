from datetime import date, timedelta

import pytest
from django.urls import reverse

from applicants.models import Applicant
from certification.models import (
    CredentialDocument,
    ExamAttempt,
    OetSitting,
    PathwayApplication,
)
from road import tasks
from road.refresh import refresh_road as refresh_progress
from tests.factories import ApplicantFactory
from tests.rulesets import edit_requirement

pytestmark = pytest.mark.django_db
URL = reverse("certification:checklist")


def _lines(response):
    return {line["outcome"].code: line for line in response.context["lines"]}


def test_new_applicant_sees_every_requirement_with_a_next_action(applicant_client):
    response = applicant_client.get(URL)
    page = response.content.decode()
    # The factory's applicant aims at 2028, which has no set yet: a copy of the 2027 set.
    assert response.context["rule_set"].code == "RS-2027-P"
    assert response.context["rule_set"].derived_for == 2028
    assert "0 of 11 requirements met" in page
    lines = _lines(response)
    assert lines["C-STEP1"]["outcome"].next_action == "Apply for Step 1"
    assert "C-7YR" in lines and lines["C-7YR"]["outcome"].status.value == "not_applicable"
    assert "Apply for Step 1" in page


def test_passed_step1_turns_its_line_met(applicant_client, applicant):
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=date(2025, 3, 4),
                               outcome="pass")
    line = _lines(applicant_client.get(URL))["C-STEP1"]
    assert line["outcome"].status.value == "met"
    assert "2025-03-04" in line["outcome"].why


def test_weak_sources_are_flagged(applicant_client):
    lines = _lines(applicant_client.get(URL))
    assert lines["C-OET"]["check_source"]  # the 2026 OET date floor is derived
    assert not lines["C-STEP1"]["check_source"]
    assert "Check this:" in applicant_client.get(URL).content.decode()


def test_help_text_is_markdown_and_sanitised(applicant_client):
    edit_requirement("RS-2027-P", "C-STEP1",
                     help_text="Pass **Step 1**.<script>alert(1)</script>")
    page = applicant_client.get(URL).content.decode()
    assert "Pass <strong>Step 1</strong>." in page
    assert "<script>alert(1)" not in page


def test_season_without_rules_says_so(client):
    applicant = ApplicantFactory(target_match_year=2003)
    client.force_login(applicant.user)
    page = client.get(URL).content.decode()
    assert "No rule set covers your Match season yet" in page


def test_applicant_without_profile_is_sent_to_onboarding(client, user):
    client.force_login(user)
    assert client.get(URL)["Location"] == reverse("applicants:onboarding")


def _add_records(applicant, n):
    start = date(2020, 1, 1)
    for i in range(n):
        day = start + timedelta(days=30 * i)
        ExamAttempt.objects.create(applicant=applicant, exam="STEP3", test_date=day,
                                   outcome="fail")
        OetSitting.objects.create(applicant=applicant, test_date=day, listening=300,
                                  reading=300, writing=300, speaking=300)
        CredentialDocument.objects.create(
            applicant=applicant, type="OTHER", file=f"documents/x{i}", original_name="x.pdf",
            content_type="application/pdf", size=10, sha256="0" * 64,
        )
        PathwayApplication.objects.create(applicant=applicant, pathway="6", season=2026)


@pytest.mark.parametrize("records", [1, 50])
def test_checklist_query_count_is_constant(
    client, records, django_assert_max_num_queries
):
    applicant = ApplicantFactory()
    _add_records(applicant, records)
    client.force_login(applicant.user)
    # session, user, own profile, the applicant with every record (one query:
    # core.preload), rule sets, requirements
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200


def test_progress_summary_is_stored(applicant):
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=date(2025, 3, 4),
                               outcome="pass")
    refresh_progress(applicant.pk)
    applicant.refresh_from_db()
    assert (applicant.cert_met, applicant.cert_total) == (1, 11)
    assert applicant.cert_percent == 9
    assert applicant.cert_status == "in_progress"


def test_rule_change_refreshes_everyone_in_batches(settings):
    settings.ROAD_REFRESH_BATCH = 2
    applicants = ApplicantFactory.create_batch(5)
    for applicant in applicants:
        ExamAttempt.objects.create(applicant=applicant, exam="STEP1",
                                   test_date=date(2025, 3, 4), outcome="pass")
    tasks.refresh_all_progress.delay()  # eager in tests: the chain runs to the end
    assert set(Applicant.objects.values_list("cert_met", flat=True)) == {1}


def test_profile_change_refreshes_progress(applicant_client, applicant):
    applicant_client.post(reverse("applicants:profile"), {
        "legal_name": applicant.legal_name, "citizenships": ["IN"], "school_country": "IN",
        "school_name": "Madras Medical College", "graduation_date": "2021-04-30",
        "target_match_year": "2028",
    })
    applicant.refresh_from_db()
    assert applicant.progress_updated_at is not None
    assert applicant.cert_total == 11
    page = applicant_client.get(reverse("applicants:status")).content.decode()
    assert "0 of 11 requirements met" in page


def test_the_seven_year_rule_reads_as_a_warning_to_check_with_ecfmg(applicant_client, applicant):
    """Off in the Pathways-era sets, the 7-year rule is not silently off: its line says ECFMG's
    booklet still names a time limit, what the limit would say of the passes on record, and
    to check with ECFMG; the count stays 1 of 11."""
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=date(2018, 1, 10),
                               outcome="pass")
    refresh_progress(applicant.pk)
    response = applicant_client.get(URL)
    window = _lines(response)["C-7YR"]["outcome"]
    assert window.status.value == "check_with_ecfmg"
    page = " ".join(response.content.decode().split()).replace("&#x27;", "'")
    assert "Information Booklet still refers to a time limit for completing the examination " \
           "requirements" in page
    assert ("By that limit: Step 1 passed on 10 Jan 2018; the 7-year window ended 10 Jan 2025"
            in page)
    assert "Ask ECFMG whether a time limit applies to your exam passes" in page
    assert "1 of 11 requirements met" in page
    assert "switched off" not in window.why
    assert 'badge badge-expiring">Check with ECFMG</span>' in page
    dashboard = " ".join(applicant_client.get(reverse("road:dashboard")).content.decode()
                         .split()).replace("&#x27;", "'")
    assert "Ask ECFMG whether a time limit applies to your exam passes" in dashboard


def test_the_seven_year_rule_within_its_window_is_a_line_not_checked(applicant_client,
                                                                      applicant):
    """No warning where the limit would not bite: the line reads not checked, with what the
    limit would say, and the dashboard does not show it."""
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=date(2024, 1, 10),
                               outcome="pass")
    refresh_progress(applicant.pk)
    response = applicant_client.get(URL)
    window = _lines(response)["C-7YR"]["outcome"]
    assert window.status.value == "not_applicable" and window.next_action == ""
    page = " ".join(response.content.decode().split())
    assert 'badge badge-not_applicable">Not checked</span>' in page
    assert "Check with ECFMG</span>" not in page
    dashboard = applicant_client.get(reverse("road:dashboard")).content.decode()
    assert "Ask ECFMG whether a time limit applies" not in dashboard
