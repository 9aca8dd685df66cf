"""The MCC exam pages (the Canadian route): add, edit and delete a sitting, every error at
its field and nothing half-saved, MCC's attempt rules on the form, other people's sittings
a 404."""

from datetime import date

import pytest
from django.urls import reverse

from certification.models import MccAttempt
from tests.certification.pages import error_at, errors_shown
from tests.factories import MccAttemptFactory

pytestmark = pytest.mark.django_db
ADD, LIST = reverse("certification:mcc-exam-add"), reverse("certification:mcc-exams")


def _fail(applicant, exam, day, result=None):
    return MccAttempt.objects.create(applicant=applicant, exam=exam,
                                     test_date=date.fromisoformat(day), outcome="fail",
                                     result_date=date.fromisoformat(result) if result else None)


def test_add_a_sitting_and_see_it_counted(applicant_client, applicant):
    response = applicant_client.post(ADD, {"exam": "MCCQE1", "test_date": "2025-04-20",
                                           "outcome": "fail", "result_date": "2025-06-10"},
                                     follow=True)
    page = response.content.decode()
    assert "MCCQE Part I 2025-04-20 saved." in page
    assert "1 of 4</strong> attempts used" in page
    assert MccAttempt.objects.filter(applicant=applicant).count() == 1


def test_a_fourth_mccqe1_waits_a_year_from_the_third_result(applicant_client, applicant):
    _fail(applicant, "MCCQE1", "2024-04-20")
    _fail(applicant, "MCCQE1", "2024-08-20")
    _fail(applicant, "MCCQE1", "2025-04-20", result="2025-06-10")
    page = applicant_client.get(LIST).content.decode()
    assert "If you need another attempt, the earliest is 10 Jun 2026" in page
    response = applicant_client.post(ADD, {"exam": "MCCQE1", "test_date": "2026-04-20",
                                           "outcome": "pending"})
    assert "the earliest is 10 Jun 2026" in error_at(response, "test_date")
    assert MccAttempt.objects.filter(applicant=applicant).count() == 3


def test_every_problem_shows_at_once_and_nothing_is_saved(applicant_client, applicant):
    MccAttemptFactory(applicant=applicant, exam="NAC", test_date=date(2025, 9, 5),
                      outcome="pass", result_date=date(2025, 11, 20))
    response = applicant_client.post(ADD, {"exam": "NAC", "test_date": "2026-05-02",
                                           "outcome": "pass", "result_date": "2026-04-01"})
    shown = errors_shown(response)
    assert "can't be taken again after a pass" in shown["exam"]
    assert shown["result_date"] == "The result date is before the exam date."
    assert MccAttempt.objects.filter(applicant=applicant).count() == 1


def test_nac_three_attempts_whatever_the_results(applicant_client, applicant):
    for day in ("2023-09-05", "2024-09-05", "2025-09-05"):
        _fail(applicant, "NAC", day)
    page = applicant_client.get(LIST).content.decode()
    assert "No attempt left:" in page
    response = applicant_client.post(ADD, {"exam": "NAC", "test_date": "2026-09-05",
                                           "outcome": "pending"})
    assert "the limit is 3 attempts" in error_at(response, "exam")


def test_a_result_for_a_date_still_to_come_is_refused(applicant_client):
    response = applicant_client.post(ADD, {"exam": "MCCQE1", "test_date": "2099-04-20",
                                           "outcome": "pass"})
    assert "leave the result pending" in error_at(response, "outcome")


def test_edit_and_delete_own_sitting_only(applicant_client, applicant, other_applicant):
    mine = MccAttemptFactory(applicant=applicant, outcome="pending", result_date=None)
    theirs = MccAttemptFactory(applicant=other_applicant)
    edit = reverse("certification:mcc-exam-edit", kwargs={"pk": mine.pk})
    applicant_client.post(edit, {"exam": "MCCQE1", "test_date": "2025-04-20",
                                 "outcome": "pass", "result_date": "2025-06-10"})
    mine.refresh_from_db()
    assert mine.outcome == "pass"
    for name in ("certification:mcc-exam-edit", "certification:mcc-exam-delete"):
        assert applicant_client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    applicant_client.post(reverse("certification:mcc-exam-delete", kwargs={"pk": mine.pk}))
    assert not MccAttempt.objects.filter(pk=mine.pk).exists()
