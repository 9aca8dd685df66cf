"""A saved program's application deadline as the applicant records it: the form on its own
page (pre-filled from the directory when the directory knows the date), the reminder it
becomes, and what the saved programs page shows."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applicants.models import Deadline
from core import clock
from residency.models import SavedProgram
from tests.certification.pages import error_at, messages_shown
from tests.factories import ProgramFactory, SavedProgramFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 9, 1)
SAVED = reverse("residency:saved")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _url(saved: SavedProgram) -> str:
    return reverse("residency:saved-deadline", kwargs={"pk": saved.pk})


def _deadline(applicant) -> Deadline | None:
    return Deadline.objects.filter(applicant=applicant, kind="application").first()


def test_recording_a_deadline_puts_it_in_the_deadlines_and_on_the_saved_page(
        applicant_client, applicant):
    saved = SavedProgramFactory(applicant=applicant, program=ProgramFactory(name="Lakeside IM"))
    response = applicant_client.post(_url(saved), {"apply_by": "2026-10-01"})
    assert response.status_code == 302 and response["Location"] == SAVED
    page = applicant_client.get(SAVED)
    assert "Application deadline for Lakeside IM saved: 1 Oct 2026" in messages_shown(page)
    assert "1 Oct 2026" in page.content.decode()
    assert _deadline(applicant).title == "Apply to Lakeside IM by 1 Oct 2026"
    listed = applicant_client.get(reverse("applicants:deadlines")).content.decode()
    assert "Apply to Lakeside IM by 1 Oct 2026" in listed


def test_changing_the_date_moves_the_deadline_and_clearing_it_removes_it(applicant_client,
                                                                         applicant):
    saved = SavedProgramFactory(applicant=applicant, apply_by=date(2026, 10, 1))
    applicant_client.post(_url(saved), {"apply_by": "2026-10-01"})
    first = _deadline(applicant)
    applicant_client.post(_url(saved), {"apply_by": "2026-11-15"})
    moved = _deadline(applicant)
    assert moved.pk == first.pk
    assert moved.due_at.astimezone(ZoneInfo(moved.zone)).date() == date(2026, 11, 15)
    response = applicant_client.post(_url(saved), {"apply_by": ""})
    assert "removed" in messages_shown(applicant_client.get(response["Location"]))
    assert _deadline(applicant) is None


@pytest.mark.parametrize(("typed", "message"), [
    ("2026-02-30", "Enter a valid date."),
    ("1 Oct", "Enter a valid date."),
    ("2026-08-31", "Choose today or a later date: a deadline that has passed needs no "
                   "reminder."),
    ("2300-01-01", "Enter a date between 1900 and 2100."),
])
def test_a_bad_date_is_refused_at_the_field_and_nothing_is_saved(applicant_client, applicant,
                                                                 typed, message):
    saved = SavedProgramFactory(applicant=applicant, apply_by=date(2026, 10, 1))
    applicant_client.post(_url(saved), {"apply_by": "2026-10-01"})
    response = applicant_client.post(_url(saved), {"apply_by": typed})
    assert response.status_code == 200
    assert error_at(response, "apply_by") == message  # one message, at its field
    saved.refresh_from_db()
    assert saved.apply_by == date(2026, 10, 1)
    assert _deadline(applicant).title.endswith("by 1 Oct 2026")


def test_a_date_already_passed_may_be_saved_again_unchanged(applicant_client, applicant):
    saved = SavedProgramFactory(applicant=applicant, apply_by=date(2026, 8, 15))
    response = applicant_client.post(_url(saved), {"apply_by": "2026-08-15"})
    assert response.status_code == 302


def test_the_directory_s_date_pre_fills_the_form_with_when_it_was_checked(applicant_client,
                                                                          applicant):
    program = ProgramFactory(application_deadline=date(2026, 10, 15), criteria_notes={
        "application_deadline": {"source": "Program website",
                                 "checked_on": "2026-07-20"}})
    saved = SavedProgramFactory(applicant=applicant, program=program)
    page = applicant_client.get(_url(saved)).content.decode()
    assert 'value="2026-10-15"' in page
    assert "Our program directory has 15 Oct 2026 (checked 20 Jul 2026, from Program " \
           "website)" in page
    assert _deadline(applicant) is None  # nothing recorded until the applicant saves it


def test_saving_a_program_takes_the_directory_s_deadline_while_it_is_ahead(applicant_client,
                                                                          applicant):
    ahead = ProgramFactory(name="Ahead", application_deadline=date(2026, 10, 15))
    passed = ProgramFactory(name="Passed", application_deadline=date(2026, 3, 1))
    response = applicant_client.post(reverse("residency:program-save",
                                             kwargs={"pk": ahead.pk}))
    assert "Its application deadline, 15 Oct 2026 in our directory, is in your deadlines" \
        in messages_shown(applicant_client.get(response["Location"]))
    applicant_client.post(reverse("residency:program-save", kwargs={"pk": passed.pk}))
    assert SavedProgram.objects.get(program=passed).apply_by is None  # last season's
    assert [d.title for d in Deadline.objects.filter(kind="application")] == [
        "Apply to Ahead by 15 Oct 2026"]
    applicant_client.post(reverse("residency:program-unsave", kwargs={"pk": ahead.pk}))
    assert _deadline(applicant) is None


def test_someone_else_s_saved_program_is_not_found(applicant_client, other_applicant):
    theirs = SavedProgramFactory(applicant=other_applicant, apply_by=date(2026, 10, 1))
    assert applicant_client.get(_url(theirs)).status_code == 404
    assert applicant_client.post(_url(theirs), {"apply_by": "2026-12-01"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.apply_by == date(2026, 10, 1)


def test_pages_and_saving_take_the_same_queries_however_many_programs_have_deadlines(
        applicant_client, applicant, django_assert_max_num_queries):
    rows = [SavedProgramFactory(applicant=applicant, apply_by=date(2026, 10, 1) +
                                timedelta(days=n)) for n in range(30)]
    applicant_client.post(_url(rows[0]), {"apply_by": "2026-10-01"})
    # session, user, applicant, the saved program, the form's page
    with django_assert_max_num_queries(5):
        applicant_client.get(_url(rows[0]))
    # ... plus the savepoint, the lock, the update and the road refresh (the records, the
    # rule sets, the summary, the deadlines and their preferences), then the redirect
    with django_assert_max_num_queries(18):
        applicant_client.post(_url(rows[1]), {"apply_by": "2026-12-01"})
    with django_assert_max_num_queries(8):
        applicant_client.get(SAVED)
    assert Deadline.objects.filter(kind="application").count() == 30


def test_saving_again_keeps_the_applicant_s_own_date(applicant_client, applicant):
    program = ProgramFactory(application_deadline=date(2026, 10, 15))
    saved = SavedProgramFactory(applicant=applicant, program=program, apply_by=date(2026, 11, 1))
    response = applicant_client.post(reverse("residency:program-save",
                                             kwargs={"pk": program.pk}))
    assert "in our directory" not in messages_shown(applicant_client.get(response["Location"]))
    saved.refresh_from_db()
    assert saved.apply_by == date(2026, 11, 1)
