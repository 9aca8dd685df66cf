from datetime import date

import pytest
from django.urls import reverse

from applicants.models import Applicant

pytestmark = pytest.mark.django_db

VALID = {
    "legal_name": "Priya Raman",
    "citizenships": ["IN"],
    "school_country": "IN",
    "school_name": "Madras Medical College",
    "school_accreditation": "",
    "graduation_date": "2021-04-30",
    "target_match_year": "2028",
}


@pytest.fixture
def new_applicant_client(client, user):
    client.force_login(user)
    return client


def test_first_visit_goes_to_onboarding(new_applicant_client):
    response = new_applicant_client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("applicants:onboarding")
    assert "Tell us about yourself" in response.content.decode()


def test_onboarding_shows_category_and_explanation(new_applicant_client, user):
    response = new_applicant_client.post(reverse("applicants:onboarding"), VALID, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("applicants:status")
    assert "Non-US-citizen IMG" in page
    assert "ECFMG certification applies to you." in page
    assert "You will also need a visa" in page
    assert Applicant.objects.get(user=user).legal_name == "Priya Raman"


def _field_error(response, field):
    """The error text rendered inside the field's own wrapper."""
    form = response.context["form"]
    return form.errors.get(field), response.content.decode()


def test_rejects_graduation_more_than_two_years_ahead(new_applicant_client, user):
    too_late = date.today().replace(year=date.today().year + 2, month=12, day=31)
    response = new_applicant_client.post(
        reverse("applicants:onboarding"), {**VALID, "graduation_date": too_late.isoformat()}
    )
    errors, page = _field_error(response, "graduation_date")
    assert response.status_code == 200
    assert errors and "2 years from today" in errors[0]
    # The message sits next to the field: inside the graduation date's wrapper.
    block = page.split('for="id_graduation_date"')[1].split('class="field')[0]
    assert "2 years from today" in block
    assert not Applicant.objects.filter(user=user).exists()


def test_accepts_graduation_within_two_years(new_applicant_client, user):
    soon = date.today().replace(year=date.today().year + 1)
    response = new_applicant_client.post(
        reverse("applicants:onboarding"),
        {**VALID, "graduation_date": soon.isoformat(), "target_match_year": str(soon.year + 1)},
    )
    assert response.status_code == 302
    assert Applicant.objects.filter(user=user).exists()


@pytest.mark.parametrize("name", ["", "   "])
def test_rejects_empty_name_next_to_field(new_applicant_client, user, name):
    response = new_applicant_client.post(
        reverse("applicants:onboarding"), {**VALID, "legal_name": name}
    )
    page = response.content.decode()
    block = page.split('for="id_legal_name"')[1].split('class="field')[0]
    assert "Enter your full legal name." in block
    assert response.context["form"].errors["legal_name"] == ["Enter your full legal name."]
    assert not Applicant.objects.filter(user=user).exists()


def test_us_school_needs_accreditation(new_applicant_client):
    response = new_applicant_client.post(
        reverse("applicants:onboarding"), {**VALID, "school_country": "US"}
    )
    assert "say how it is accredited" in response.context["form"].errors["school_accreditation"][0]


def test_match_year_before_graduation_is_refused(new_applicant_client):
    response = new_applicant_client.post(
        reverse("applicants:onboarding"),
        {**VALID, "graduation_date": f"{date.today().year + 1}-06-01",
         "target_match_year": str(date.today().year)},
    )
    assert "first Match" in response.context["form"].errors["target_match_year"][0]


def test_canadian_graduate_after_2025_sees_flag(new_applicant_client):
    response = new_applicant_client.post(
        reverse("applicants:onboarding"),
        {**VALID, "citizenships": ["CA"], "school_country": "CA",
         "school_accreditation": "CACMS", "graduation_date": "2026-05-28"},
        follow=True,
    )
    page = response.content.decode()
    assert "Canadian graduate treated as an IMG" in page
    assert "Check this:" in page


def test_profile_edit_updates_category(applicant_client, applicant):
    data = {**VALID, "citizenships": ["US"], "legal_name": applicant.legal_name}
    applicant_client.post(reverse("applicants:profile"), data)
    applicant.refresh_from_db()
    assert applicant.classification.label == "US-citizen IMG"


def test_onboarded_applicant_is_not_asked_again(applicant_client):
    response = applicant_client.get(reverse("applicants:onboarding"))
    assert response.status_code == 302
    assert response["Location"] == reverse("applicants:status")


def test_time_zone_is_checked_and_kept(applicant_client, applicant):
    data = {**VALID, "legal_name": applicant.legal_name, "time_zone": "Mars/Olympus"}
    response = applicant_client.post(reverse("applicants:profile"), data)
    errors = response.context["form"].errors["time_zone"]
    assert "We do not know the time zone “Mars/Olympus”" in errors[0]
    applicant_client.post(reverse("applicants:profile"), {**data, "time_zone": "Africa/Lagos"})
    applicant.refresh_from_db()
    assert applicant.time_zone == "Africa/Lagos"


@pytest.mark.parametrize(("typed", "zone"), [
    ("India", "Asia/Kolkata"), ("lagos", "Africa/Lagos"), ("Kolkata, India", "Asia/Kolkata"),
    ("sao paulo", "America/Sao_Paulo"), ("asia/kolkata", "Asia/Kolkata"), ("NG", "Africa/Lagos"),
])
def test_time_zone_accepts_a_city_or_a_country(new_applicant_client, user, typed, zone):
    response = new_applicant_client.post(reverse("applicants:onboarding"),
                                         {**VALID, "time_zone": typed})
    assert response.status_code == 302
    assert Applicant.objects.get(user=user).time_zone == zone


def test_without_a_time_zone_the_schools_country_gives_one(new_applicant_client, user):
    """Without JavaScript the box arrives empty: the main zone of the school's country."""
    new_applicant_client.post(reverse("applicants:onboarding"),
                              {**VALID, "school_country": "NG", "time_zone": ""})
    assert Applicant.objects.get(user=user).time_zone == "Africa/Lagos"


def test_citizenship_is_a_list_of_tickboxes_without_ctrl_click(new_applicant_client, user):
    page = new_applicant_client.get(reverse("applicants:onboarding")).content.decode()
    assert "Ctrl" not in page and "<select multiple" not in page
    assert 'type="checkbox" name="citizenships" value="NG"' in page
    assert 'src="/static/js/picker.js"' in page
    response = new_applicant_client.post(reverse("applicants:onboarding"),
                                         {**VALID, "citizenships": ["IN", "GB"]})
    assert response.status_code == 302
    assert {c.code for c in Applicant.objects.get(user=user).citizenships} == {"IN", "GB"}


def test_the_chosen_countries_come_first_and_ticked(applicant_client, applicant):
    applicant.citizenships = ["NG", "GB"]
    applicant.save()
    page = applicant_client.get(reverse("applicants:profile")).content.decode()
    first_two = "".join(page.split('<ul class="picker-list">')[1].split("</li>")[:2])
    assert 'value="GB" checked' in first_two and 'value="NG" checked' in first_two
    assert page.count('checked id="id_citizenships_') == 2


def test_no_citizenship_ticked_says_so_next_to_the_list(new_applicant_client):
    data = {k: v for k, v in VALID.items() if k != "citizenships"}
    response = new_applicant_client.post(reverse("applicants:onboarding"), data)
    assert response.context["form"].errors["citizenships"] == ["Choose at least one citizenship."]
    page = response.content.decode()
    block = page.split('id="id_citizenships_helptext"')[1].split("</fieldset>")[0]
    assert "Choose at least one citizenship." in block


def test_every_profile_field_has_plain_words(new_applicant_client):
    page = new_applicant_client.get(reverse("applicants:onboarding")).content.decode()
    for words in ("Your full name, as on your passport", "Your citizenship",
                  "Country of your medical school", "Your time zone",
                  "Type your city or country"):
        assert words in page
