"""The state licensure limits page: every state on file judged against the applicant's own
USMLE attempts, the states they follow saved, and the Step 3 date of each."""

from datetime import date

import pytest
from django.urls import reverse

from certification.models import ExamAttempt
from residency.models import LicensureStateChoice, StateLicensureLimit

pytestmark = pytest.mark.django_db
URL = reverse("residency:licensure")


def _passes(applicant):
    ExamAttempt.objects.create(applicant=applicant, exam="STEP1", test_date=date(2022, 3, 1),
                               outcome="pass")
    ExamAttempt.objects.create(applicant=applicant, exam="STEP2CK", test_date=date(2023, 3, 1),
                               outcome="pass", score=240)


def test_every_state_on_file_is_judged(applicant_client, applicant):
    _passes(applicant)
    page = applicant_client.get(URL).content.decode()
    for name in ("Alabama", "California", "Kentucky", "New Jersey"):
        assert name in page
    assert "every Step by 1 Mar 2029" in page  # Alabama: 7 years from the first pass
    assert "Third-party source, checked 1 Dec 2026" in page


def test_follow_two_states_and_see_the_step3_date_of_each(applicant_client, applicant):
    _passes(applicant)
    response = applicant_client.post(URL, {"states": ["AL", "CA"]}, follow=True)
    page = response.content.decode()
    assert "The states you follow are saved." in page
    assert "Pass Step 3 by <strong>1 Mar 2029</strong>" in page  # Alabama, 7 years
    assert "Pass Step 3 by <strong>1 Mar 2032</strong>" in page  # California, 10 years
    assert set(LicensureStateChoice.objects.filter(applicant=applicant)
               .values_list("state", flat=True)) == {"AL", "CA"}
    applicant_client.post(URL, {"states": ["CA"]})
    assert list(LicensureStateChoice.objects.filter(applicant=applicant)
                .values_list("state", flat=True)) == ["CA"]


def test_a_state_not_on_file_cannot_be_followed(applicant_client, applicant):
    response = applicant_client.post(URL, {"states": ["TX"]})
    assert "not one of the available choices" in response.content.decode()
    assert not LicensureStateChoice.objects.exists()


def test_an_admin_edit_changes_the_verdict(applicant_client, applicant):
    for day in ("2022-01-10", "2022-05-10"):
        ExamAttempt.objects.create(applicant=applicant, exam="STEP1",
                                   test_date=date.fromisoformat(day), outcome="fail")
    StateLicensureLimit.objects.filter(state="KY").update(attempts_per_step=2)
    page = applicant_client.get(URL).content.decode()
    assert "Step 1: 2 attempts without a pass; the limit is 2" in page


def test_query_count_is_constant(applicant_client, applicant, django_assert_max_num_queries):
    for i in range(30):
        ExamAttempt.objects.create(applicant=applicant, exam="STEP3",
                                   test_date=date(2020, 1, 1 + i % 28), outcome="fail")
    applicant_client.post(URL, {"states": ["AL", "CA", "NJ"]})
    # session, user, applicant, the states table, followed states, attempts
    with django_assert_max_num_queries(6):
        assert applicant_client.get(URL).status_code == 200


def test_staff_edit_a_state_in_the_admin_with_its_history(client, staff):
    row = StateLicensureLimit.objects.get(state="CA")
    client.force_login(staff)
    url = reverse("admin:residency_statelicensurelimit_change", args=[row.pk])
    response = client.post(url, {
        "state": "CA", "years_limit": "7", "clock": "first_attempt", "attempts_per_step": "",
        "step3_attempts": "4", "training_years": "3", "provenance": "verified",
        "source": "Medical Board of California", "checked_on": "2026-12-01", "note": ""})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.years_limit, row.clock, row.provenance) == (7, "first_attempt", "verified")
    assert row.history.first().years_limit == 7  # the edit is in its history
    assert client.get(reverse("admin:residency_carmsseason_changelist")).status_code == 200
