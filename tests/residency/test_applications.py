"""The NRMP/ERAS registration per season and residency applications: what is refused and
where the message shows, the status flow, and who may reach which record."""

from datetime import date

import pytest
from django.urls import reverse

from core.dates import plain_dates
from residency.models import Registration, ResidencyApplication
from tests.certification.pages import error_at, errors_shown, messages_shown
from tests.factories import (
    ApplicantFactory,
    ProgramFactory,
    RegistrationFactory,
    ResidencyApplicationFactory,
)

pytestmark = pytest.mark.django_db

D = date.fromisoformat
REGISTRATION = f"{reverse('residency:registration')}?season=2027"
ADD = f"{reverse('residency:application-add')}?season=2027"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """US Eastern "today": after the 2027 ROL deadline (2027-03-03), so every date of the
    season can be recorded as past."""
    monkeypatch.setattr("core.clock.today", lambda: D("2027-04-01"))
    monkeypatch.setattr("core.clock.recorded_today", lambda: D("2027-04-01"))


@pytest.fixture
def a(db):
    return ApplicantFactory(target_match_year=2027)  # an Indian citizen: needs a visa


@pytest.fixture
def a_client(client, a):
    client.force_login(a.user)
    return client


def reg_data(**fields) -> dict:
    data = {"eras_token": "", "eras_submitted_on": "", "nrmp_id": "",
            "nrmp_registered_on": "", "rol_certified_on": "", "visa_need": "j1",
            "usce_months": "0"}
    data.update({k: str(v) for k, v in fields.items()})
    return data


# Registration


def test_the_registration_is_created_on_first_save_and_updated_after(a, a_client):
    page = a_client.get(REGISTRATION).content.decode()
    assert "saving this form starts your registration record" in page
    response = a_client.post(REGISTRATION, reg_data(eras_token="AB12CD34EF", nrmp_id="1234567",
                                                    nrmp_registered_on="2026-09-20"))
    assert response.status_code == 302, errors_shown(response)
    assert response["Location"] == f"{reverse('residency:match')}?season=2027"
    a_client.post(REGISTRATION, reg_data(nrmp_id="1234567", nrmp_registered_on="2026-09-20",
                                         rol_certified_on="2027-02-20"))
    reg = Registration.objects.get(applicant=a)
    assert (reg.season, reg.rol_certified_on) == (2027, D("2027-02-20"))
    assert "Certified on 20 Feb 2027" in a_client.get(reverse("residency:match")).content.decode()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("eras_token", "ABC123", "An ERAS token has 8 to 40 letters and digits"),
    ("eras_token", "ABCD-1234-EFGH", "An ERAS token has 8 to 40 letters and digits"),
    ("eras_token", "A" * 41, "An ERAS token has 8 to 40 letters and digits"),
    ("nrmp_id", "123456", "An NRMP ID has 7 or 8 digits"),
    ("nrmp_id", "123456789", "An NRMP ID has 7 or 8 digits"),
    ("nrmp_id", "12a4567", "An NRMP ID has 7 or 8 digits"),
    ("eras_submitted_on", "2027-04-02", "2027-04-02 is in the future"),
    ("nrmp_registered_on", "2027-03-04", "Registration for the 2027 Match closed with the "
     "rank order list deadline (2027-03-03, 9 pm ET)"),
    ("rol_certified_on", "2027-02-20", "enter your NRMP registration date too"),
    ("visa_need", "none", "training needs a visa: choose J-1, H-1B or either"),
])
def test_wrong_registration_values_are_refused_at_their_field(a, a_client, field, value,
                                                              message):
    response = a_client.post(REGISTRATION, reg_data(**{field: value}))
    assert plain_dates(message) in error_at(response, field)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(("registered", "certified", "message"), [
    ("2026-10-01", "2026-09-30", "can't be certified before you registered with NRMP "
     "(2026-10-01)"),
    ("2026-10-01", "2027-03-04", "had to be certified by 2027-03-03, 9 pm ET"),
])
def test_the_rank_order_list_is_certified_after_registering_and_by_the_deadline(
        a_client, registered, certified, message):
    response = a_client.post(REGISTRATION, reg_data(nrmp_registered_on=registered,
                                                    rol_certified_on=certified))
    assert plain_dates(message) in error_at(response, "rol_certified_on")


def test_registering_after_the_standard_deadline_is_saved_with_a_late_fee_warning(a_client):
    response = a_client.post(REGISTRATION, reg_data(nrmp_registered_on="2027-02-10"),
                             follow=True)
    assert "after the standard deadline (2027-01-31): NRMP charges a late registration fee" \
        in messages_shown(response)
    assert Registration.objects.get().nrmp_registered_on == D("2027-02-10")


def test_a_us_citizen_may_say_no_visa_is_needed(a, a_client):
    a.citizenships = ["US"]
    a.save()
    response = a_client.post(REGISTRATION, reg_data(visa_need="none"))
    assert response.status_code == 302, errors_shown(response)


def test_other_applicants_registrations_are_out_of_reach(a, client):
    mine = RegistrationFactory(applicant=a, nrmp_id="7654321")
    other = ApplicantFactory(target_match_year=2027)
    client.force_login(other.user)
    page = client.get(REGISTRATION).content.decode()
    assert "7654321" not in page and a.legal_name not in page
    client.post(REGISTRATION, reg_data(nrmp_id="1111111"))
    mine.refresh_from_db()
    assert mine.nrmp_id == "7654321"
    assert Registration.objects.get(applicant=other).nrmp_id == "1111111"


# Applications


def app_data(program, **fields) -> dict:
    data = {"program": program.pk, "season": "2027", "status": "planned", "submitted_on": "",
            "interview_invited_on": "", "interview_on": "", "rank_position": "",
            "result_on": "", "notes": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


def test_an_application_moves_along_the_status_flow(a, a_client):
    program = ProgramFactory(name="Riverside Internal Medicine")
    steps = [
        {"status": "planned"},
        {"status": "submitted", "submitted_on": "2026-09-03"},
        {"status": "invited", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10"},
        {"status": "interviewed", "submitted_on": "2026-09-03",
         "interview_invited_on": "2026-10-10", "interview_on": "2026-11-20"},
        {"status": "ranked", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10",
         "interview_on": "2026-11-20", "rank_position": "1"},
        {"status": "matched", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10",
         "interview_on": "2026-11-20", "rank_position": "1", "result_on": "2027-03-19"},
    ]
    response = a_client.post(ADD, app_data(program, **steps[0]))
    assert response.status_code == 302, errors_shown(response)
    app = ResidencyApplication.objects.get(applicant=a)
    for step in steps[1:]:
        response = a_client.post(reverse("residency:application-edit", args=[app.pk]),
                                 app_data(program, **step))
        assert response.status_code == 302, (step, errors_shown(response))
    listing = a_client.get(response["Location"]).content.decode()
    assert "Riverside Internal Medicine" in listing and "Matched" in listing


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"status": "submitted"}, "submitted_on", "An application marked “Submitted” needs its "
     "submission date"),
    ({"status": "planned", "submitted_on": "2026-09-03"}, "submitted_on",
     "at least “Submitted”: change the status or clear the date"),
    ({"status": "scheduled", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10"},
     "interview_on", "needs its interview date"),
    ({"status": "invited", "submitted_on": "2026-10-10", "interview_invited_on": "2026-09-03"},
     "interview_invited_on", "The invitation date is before the submission date (2026-10-10)"),
    ({"status": "interviewed", "submitted_on": "2026-09-03",
      "interview_invited_on": "2026-10-10", "interview_on": "2027-04-10"},
     "interview_on", "has not happened yet"),
    ({"status": "interviewed", "submitted_on": "2026-09-03",
      "interview_invited_on": "2026-10-10", "interview_on": "2026-11-20", "rank_position": "2"},
     "rank_position", "A rank position belongs to a program you ranked"),
    ({"status": "ranked", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10",
      "interview_on": "2026-11-20", "rank_position": "0"},
     "rank_position", "Rank positions start at 1"),
    ({"status": "matched", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10",
      "interview_on": "2026-11-20"}, "result_on", "needs its result date (Match Day)"),
    ({"status": "submitted", "submitted_on": "2027-04-05"}, "submitted_on",
     "2027-04-05 is in the future"),
    ({"status": "planned", "result_on": "2027-03-19"}, "result_on",
     "A result date belongs to a matched, not matched, withdrawn or SOAP application"),
    # Issue 10: outcome dates fit the season's calendar (2027 Match Day: 2027-03-19)
    ({"status": "matched", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10",
      "interview_on": "2026-11-20", "result_on": "2026-12-01"}, "result_on",
     "The 2027 Match results come out on Match Day (2027-03-19): a match can't be recorded "
     "before it"),
    ({"status": "matched", "submitted_on": "2026-09-03", "interview_invited_on": "2026-10-10",
      "interview_on": "2026-11-20", "result_on": "2027-03-18"}, "result_on",
     "can't be recorded before it"),
    ({"status": "not_matched", "submitted_on": "2026-09-03", "result_on": "2027-03-14"},
     "result_on", "The 2027 Match Week starts on 2027-03-15"),
])
def test_status_and_dates_must_agree(a_client, fields, field, message):
    response = a_client.post(ADD, app_data(ProgramFactory(), **fields))
    assert plain_dates(message) in error_at(response, field)
    assert not ResidencyApplication.objects.exists()


def test_a_withdrawal_can_come_at_any_point(a_client):
    response = a_client.post(ADD, app_data(ProgramFactory(), status="withdrawn",
                                           submitted_on="2026-09-03", result_on="2026-10-01"))
    assert response.status_code == 302, errors_shown(response)


def test_one_application_per_program_and_season(a, a_client):
    program = ProgramFactory(name="Hillcrest Family Medicine")
    ResidencyApplicationFactory(applicant=a, program=program, season=2027)
    response = a_client.post(ADD, app_data(program))
    assert ("You already have an application to Hillcrest Family Medicine for the 2027 Match"
            in error_at(response, "program"))
    # The same program for another season is a new application.
    response = a_client.post(ADD, app_data(program, season="2026"))
    assert response.status_code == 302, errors_shown(response)
    assert ResidencyApplication.objects.filter(applicant=a).count() == 2


def test_only_one_match_per_season(a, a_client):
    ResidencyApplicationFactory(applicant=a, status="matched", submitted_on=D("2026-09-03"),
                                interview_invited_on=D("2026-10-01"),
                                interview_on=D("2026-11-01"), result_on=D("2027-03-19"),
                                program=ProgramFactory(name="First Choice Program"))
    response = a_client.post(ADD, app_data(
        ProgramFactory(), status="matched", submitted_on="2026-09-03",
        interview_invited_on="2026-10-01", interview_on="2026-11-01",
        result_on="2027-03-19"))
    assert "already recorded as matched to First Choice Program" in error_at(response, "status")


def test_the_program_list_is_narrowed_by_a_search(a_client):
    ProgramFactory(name="Seaside Psychiatry", city="Galveston")
    ProgramFactory(name="Mountain Pediatrics", city="Denver")
    page = a_client.get(ADD, {"q": "galveston"}).content.decode()
    assert "Seaside Psychiatry" in page and "Mountain Pediatrics" not in page


def test_deleting_asks_first_then_deletes_on_post(a, a_client):
    app = ResidencyApplicationFactory(applicant=a, program=ProgramFactory(name="Oak Valley IM"))
    url = reverse("residency:application-delete", args=[app.pk])
    assert "Delete your application to Oak Valley IM?" in a_client.get(url).content.decode()
    assert ResidencyApplication.objects.exists()
    response = a_client.post(url)
    assert response["Location"] == f"{reverse('residency:applications')}?season=2027"
    assert not ResidencyApplication.objects.exists()


@pytest.mark.parametrize("name", ["residency:application-edit", "residency:application-delete"])
def test_another_applicant_gets_404_for_an_application_and_a_forged_post_changes_nothing(
        a, client, name):
    app = ResidencyApplicationFactory(applicant=a, notes="mine")
    other = ApplicantFactory(target_match_year=2027)
    client.force_login(other.user)
    url = reverse(name, args=[app.pk])
    assert client.get(url).status_code == 404
    forged = app_data(app.program, status="withdrawn", result_on="2026-12-01", notes="forged")
    assert client.post(url, forged).status_code == 404
    app.refresh_from_db()
    assert (app.status, app.notes) == ("planned", "mine")


def test_the_program_list_says_when_it_is_cut_short(a_client):
    from tests.factories import ProgramFactory

    ProgramFactory.create_batch(105)
    page = a_client.get(reverse("residency:application-add")).content.decode()
    assert "The list shows the first 100 of 105 programs" in page
    few = a_client.get(reverse("residency:application-add"), {"q": "Lakeside 7"})
    assert "The list shows the first" not in few.content.decode()


def test_add_application_from_a_saved_program_preselects_it(a_client, a):
    from residency.models import SavedProgram
    from tests.factories import ProgramFactory

    program = ProgramFactory(name="Quarry Hill Internal Medicine")
    SavedProgram.objects.create(applicant=a, program=program)
    saved = a_client.get(reverse("residency:saved")).content.decode()
    link = f'{reverse("residency:application-add")}?program={program.pk}'
    assert f'href="{link}"' in saved
    detail = a_client.get(reverse("residency:program-detail", args=[program.pk])).content.decode()
    assert f'href="{link}"' in detail
    form = a_client.get(link).content.decode()
    assert f'<option value="{program.pk}" selected>Quarry Hill Internal Medicine' in form
