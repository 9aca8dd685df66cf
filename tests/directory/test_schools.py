"""The medical school directory: CSV import, the shipped sample, search, and the profile form."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from applicants.models import Applicant
from directory.models import MedicalSchool
from directory.services import COLUMNS, SAMPLE_CSV
from tests.factories import MedicalSchoolFactory

pytestmark = pytest.mark.django_db
SEARCH = reverse("directory:school-search")
ONBOARDING = reverse("applicants:onboarding")
FLAG = "Not in our directory — an advisor will check it."

GOOD = {
    "name": "University of Lagos College of Medicine", "country": "NG", "city": "Lagos",
    "wdoms_id": "F0000001", "sponsor_note": "yes", "note_from_year": "1967",
    "note_to_year": "", "note_years_are_sample": "yes", "accreditation": "",
}
HARVARD = {
    **GOOD, "name": "Harvard Medical School", "country": "US", "city": "Boston",
    "wdoms_id": "F0000002", "sponsor_note": "no", "note_from_year": "", "accreditation": "LCME",
}


def _write(tmp_path, *rows, header=COLUMNS):
    path = tmp_path / "schools.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([row[column] for column in header] for row in rows)
    return path


def _import(path) -> str:
    out = StringIO()
    call_command("import_schools", str(path), stdout=out)
    return out.getvalue()


def _refusal(path) -> str:
    with pytest.raises(CommandError) as refused:
        _import(path)
    return str(refused.value)


# Import


def test_import_creates_schools_and_prints_a_summary(tmp_path):
    output = _import(_write(tmp_path, GOOD, HARVARD))
    assert "Imported 2 schools: 2 created, 0 updated, 0 unchanged." in output
    lagos = MedicalSchool.objects.get(wdoms_id="F0000001")
    assert (lagos.name, lagos.city, lagos.country.code) == (GOOD["name"], "Lagos", "NG")
    assert lagos.sponsor_note and lagos.note_from_year == 1967 and lagos.note_to_year is None
    assert lagos.note_years_are_sample
    harvard = MedicalSchool.objects.get(wdoms_id="F0000002")
    assert harvard.accreditation == "LCME" and not harvard.sponsor_note


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": " "}, "name is required."),
        ({"country": ""}, "country is required."),
        ({"country": "XX"}, "country 'XX' is not a two-letter ISO country code"),
        ({"country": "NGA"}, "country 'NGA' is not a two-letter ISO country code"),
        ({"wdoms_id": ""}, "wdoms_id is required."),
        ({"wdoms_id": "F123"}, "wdoms_id 'F123' is not a World Directory id"),
        ({"sponsor_note": "maybe"}, "sponsor_note 'maybe' must be yes, no, true or false."),
        ({"note_years_are_sample": "y"}, "note_years_are_sample 'y' must be yes, no"),
        ({"note_from_year": "1850"}, "note_from_year '1850' must be a year from 1900 to 2100."),
        ({"note_to_year": "2200"}, "note_to_year '2200' must be a year from 1900 to 2100."),
        ({"note_to_year": "20x0"}, "note_to_year '20x0' must be a year"),
        ({"note_from_year": "2010", "note_to_year": "2005"},
         "note_from_year 2010 is after note_to_year 2005."),
        ({"sponsor_note": "no"}, "Sponsor-note years are given but sponsor_note is no."),
        ({"accreditation": "LCME"},
         "accreditation LCME is only for schools in Canada or United States of America; "
         "this school is in Nigeria."),
        ({"accreditation": "WFME"}, "accreditation 'WFME' must be LCME, COCA, CACMS or empty."),
        ({"wdoms_id": "F0000002"}, "wdoms_id F0000002 is already used on row 2."),
    ],
)
def test_a_bad_row_is_reported_with_its_row_number_and_nothing_is_imported(
    tmp_path, change, message
):
    path = _write(tmp_path, HARVARD, {**GOOD, **change})  # the bad row is row 3
    refusal = _refusal(path)
    assert f"Row 3: {message}" in refusal
    assert "nothing was imported" in refusal
    assert not MedicalSchool.objects.exists()  # not even the good row 2


def test_every_problem_in_the_file_is_listed(tmp_path):
    rows = [GOOD, HARVARD, {**GOOD, "wdoms_id": "F0000003", "country": "ZZ"},
            {**GOOD, "wdoms_id": "bad", "sponsor_note": "perhaps"}]
    refusal = _refusal(_write(tmp_path, *rows))
    assert "3 problems; nothing was imported." in refusal
    assert "Row 4: country 'ZZ'" in refusal
    assert "Row 5: wdoms_id 'bad'" in refusal
    assert "Row 5: sponsor_note 'perhaps'" in refusal


def test_us_accreditation_outside_its_country_is_refused(tmp_path):
    path = _write(tmp_path, {**HARVARD, "country": "CA", "accreditation": "COCA"})
    assert "Row 2: accreditation COCA is only for schools in United States" in _refusal(path)


def test_a_missing_column_is_reported_on_row_one(tmp_path):
    path = _write(tmp_path, GOOD, header=[c for c in COLUMNS if c != "accreditation"])
    assert "Row 1: Missing columns: accreditation." in _refusal(path)


def test_a_row_with_too_many_cells_is_reported(tmp_path):
    path = _write(tmp_path, GOOD)
    path.write_text(path.read_text() + "Trinity College Dublin, School of Medicine,IE,Dublin,"
                    "F0000009,yes,1950,,yes,\n")
    assert "Row 3: Has 10 cells but the header has 9 columns" in _refusal(path)


def test_a_missing_file_is_refused(tmp_path):
    assert "Cannot read" in _refusal(tmp_path / "nowhere.csv")


def test_reimport_updates_schools_by_world_directory_id(tmp_path):
    _import(_write(tmp_path, GOOD, HARVARD))
    renamed = {**GOOD, "city": "Idi-Araba", "note_to_year": "2020"}
    output = _import(_write(tmp_path, renamed, HARVARD))
    assert "Imported 2 schools: 0 created, 1 updated, 1 unchanged." in output
    lagos = MedicalSchool.objects.get(wdoms_id="F0000001")
    assert (lagos.city, lagos.note_to_year) == ("Idi-Araba", 2020)
    assert MedicalSchool.objects.count() == 2


def test_the_sample_imports_cleanly_with_schools_worldwide():
    output = _import(SAMPLE_CSV)
    schools = MedicalSchool.objects.all()
    assert f"{schools.count()} created" in output
    assert schools.count() >= 60
    assert len({s.country.code for s in schools}) >= 20
    us = schools.filter(country="US")
    assert us.filter(accreditation="LCME").exists() and us.filter(accreditation="COCA").exists()
    assert schools.filter(country="CA", accreditation="CACMS").exists()
    assert not schools.filter(country__in=["US", "CA"], sponsor_note=True).exists()
    assert not schools.filter(note_years_are_sample=False).exists()
    assert schools.filter(note_to_year__lt=date.today().year).exclude(country="US").count() >= 2
    ids = sorted(schools.values_list("wdoms_id", flat=True))
    assert ids == [f"F{n:07d}" for n in range(1, len(ids) + 1)]  # placeholders, in order


def test_seed_demo_imports_the_sample_and_links_the_demo_applicant_to_lagos():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # a second run changes nothing
    amara = Applicant.objects.get(user__email="applicant@example.com")
    assert amara.school.name == "University of Lagos College of Medicine"
    assert (amara.school.city, amara.school.country.code) == ("Lagos", "NG")
    assert not amara.school_not_listed
    assert MedicalSchool.objects.count() >= 60


# Search


def test_search_offers_matches_as_labelled_radio_choices(applicant_client):
    lagos = MedicalSchoolFactory(name="University of Lagos College of Medicine", country="NG",
                                 city="Lagos")
    MedicalSchoolFactory(name="Madras Medical College", city="Chennai")
    page = applicant_client.get(SEARCH, {"q": "lagos"}).content.decode()
    assert "University of Lagos College of Medicine" in page and "Lagos, Nigeria" in page
    assert f'type="radio" name="school" value="{lagos.pk}" id="school-option-{lagos.pk}"' in page
    assert f'<label for="school-option-{lagos.pk}">' in page
    assert "Madras" not in page
    assert "1 school found." in page


def test_search_narrows_by_country_and_finds_by_city(applicant_client):
    MedicalSchoolFactory(name="College of Medicine", country="NG", city="Ibadan")
    MedicalSchoolFactory(name="Christian Medical College", country="IN", city="Vellore")
    page = applicant_client.get(SEARCH, {"q": "college", "country": "NG"}).content.decode()
    assert "Ibadan" in page and "Vellore" not in page
    page = applicant_client.get(SEARCH, {"q": "vellore"}).content.decode()
    assert "Christian Medical College" in page


def test_search_shows_at_most_ten_schools(applicant_client):
    MedicalSchoolFactory.create_batch(12, city="Pune")
    page = applicant_client.get(SEARCH, {"q": "pune"}).content.decode()
    assert page.count('type="radio"') == 10
    assert "More schools match" in page


def test_search_with_no_match_says_so(applicant_client):
    page = applicant_client.get(SEARCH, {"q": "Atlantis"}).content.decode()
    assert "No school in our directory matches “Atlantis”" in page
    assert 'type="radio"' not in page


def test_search_needs_a_signed_in_user(client):
    response = client.get(SEARCH, {"q": "lagos"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# The profile form

PROFILE = {
    "legal_name": "Amara Okafor",
    "citizenships": ["NG"],
    "school_country": "",
    "school_name": "",
    "school_accreditation": "",
    "graduation_date": "2022-07-15",
    "target_match_year": "2028",
}


@pytest.fixture
def newcomer(client, user):
    client.force_login(user)
    return client


def test_onboarding_page_loads_htmx_from_our_own_static_files(newcomer):
    page = newcomer.get(ONBOARDING).content.decode()
    assert 'src="/static/django_htmx/htmx-2.min.js"' in page
    assert f'hx-get="{SEARCH}"' in page
    assert 'id="school-results"' in page


def test_choosing_a_directory_school_sets_it_and_the_category(newcomer, user):
    harvard = MedicalSchoolFactory(name="Harvard Medical School", country="US", city="Boston",
                                   sponsor_note=False, note_from_year=None, accreditation="LCME")
    data = {**PROFILE, "school_name": "harvard", "school": harvard.pk}  # no country chosen
    response = newcomer.post(ONBOARDING, data, follow=True)
    applicant = Applicant.objects.get(user=user)
    assert applicant.school == harvard
    assert applicant.school_name == "Harvard Medical School"
    assert (applicant.school_country.code, applicant.school_accreditation) == ("US", "LCME")
    page = response.content.decode()
    assert "US medical graduate" in page
    assert FLAG not in page


def test_the_chosen_school_s_country_wins_over_the_country_box(newcomer, user):
    lagos = MedicalSchoolFactory(name="University of Lagos College of Medicine", country="NG")
    data = {**PROFILE, "school_country": "IN", "school_name": "lagos", "school": lagos.pk}
    page = newcomer.post(ONBOARDING, data, follow=True).content.decode()
    applicant = Applicant.objects.get(user=user)
    assert applicant.school_country.code == "NG"
    assert "Non-US-citizen IMG" in page


def test_not_listed_keeps_the_typed_school_and_shows_the_flag(newcomer, user):
    listed = MedicalSchoolFactory(name="Sample Medical College", country="US",
                                  accreditation="LCME")
    data = {**PROFILE, "school": listed.pk, "school_not_listed": "on",  # the box wins
            "school_name": "Sample  Medical College", "school_country": "US",
            "school_accreditation": "COCA"}
    page = newcomer.post(ONBOARDING, data, follow=True).content.decode()
    applicant = Applicant.objects.get(user=user)
    assert applicant.school is None and applicant.school_not_listed
    assert applicant.school_name == "Sample Medical College"
    assert applicant.school_accreditation == "COCA"
    assert FLAG in page
    assert "US medical graduate" in page


def test_without_javascript_an_exact_name_picks_the_directory_school(newcomer, user):
    lagos = MedicalSchoolFactory(name="University of Lagos College of Medicine", country="NG")
    data = {**PROFILE, "school_name": "  university of LAGOS college of medicine "}
    page = newcomer.post(ONBOARDING, data, follow=True).content.decode()
    applicant = Applicant.objects.get(user=user)
    assert applicant.school == lagos
    assert applicant.school_name == "University of Lagos College of Medicine"
    assert FLAG not in page


def test_without_javascript_a_name_shared_by_two_schools_needs_the_country(newcomer, user):
    MedicalSchoolFactory(name="Ross University School of Medicine", country="DM")
    barbados = MedicalSchoolFactory(name="Ross University School of Medicine", country="BB")
    data = {**PROFILE, "school_name": "Ross University School of Medicine"}
    response = newcomer.post(ONBOARDING, data)
    assert "Choose the country of your medical school." in response.content.decode()
    newcomer.post(ONBOARDING, {**data, "school_country": "BB"})
    assert Applicant.objects.get(user=user).school == barbados


def test_without_javascript_another_name_is_kept_as_not_listed(newcomer, user):
    MedicalSchoolFactory(name="University of Lagos College of Medicine", country="NG")
    data = {**PROFILE, "school_name": "University of Lagos", "school_country": "NG"}
    page = newcomer.post(ONBOARDING, data, follow=True).content.decode()
    applicant = Applicant.objects.get(user=user)
    assert applicant.school is None and applicant.school_name == "University of Lagos"
    assert FLAG in page


def test_an_unknown_school_id_is_refused_next_to_the_search(newcomer, user):
    data = {**PROFILE, "school_name": "lagos", "school_country": "NG", "school": "999999"}
    response = newcomer.post(ONBOARDING, data)
    page = response.content.decode()
    block = page.split('id="school-results"')[1].split('class="field')[0]
    assert "That school is no longer in our directory" in block
    assert not Applicant.objects.filter(user=user).exists()


def test_profile_shows_the_chosen_school_checked_and_keeps_it(applicant_client, applicant):
    lagos = MedicalSchoolFactory(name="University of Lagos College of Medicine", country="NG",
                                 city="Lagos")
    applicant.school, applicant.school_name, applicant.school_country = lagos, lagos.name, "NG"
    applicant.save()
    page = applicant_client.get(reverse("applicants:profile")).content.decode()
    assert f'value="{lagos.pk}" id="school-option-{lagos.pk}" checked' in page
    assert 'name="school_not_listed"' in page and 'name="school_not_listed" checked' not in page
    data = {**PROFILE, "legal_name": applicant.legal_name, "school_name": lagos.name,
            "school": lagos.pk}
    applicant_client.post(reverse("applicants:profile"), data)
    applicant.refresh_from_db()
    assert applicant.school == lagos


# Admin


def test_admin_lists_searches_and_filters_schools(client, staff):
    MedicalSchoolFactory(name="University of Lagos College of Medicine", country="NG",
                         city="Lagos", note_to_year=2019)
    MedicalSchoolFactory(name="Harvard Medical School", country="US", city="Boston",
                         sponsor_note=False, note_from_year=None, accreditation="LCME")
    client.force_login(staff)
    url = reverse("admin:directory_medicalschool_changelist")
    page = client.get(url).content.decode()
    assert "1950–2019 (sample)" in page  # the note's years, at a glance
    assert "?country=NG" in page and "?country=IN" not in page  # only countries in use
    page = client.get(url, {"q": "boston"}).content.decode()
    assert "Harvard Medical School" in page and "Lagos" not in page
    page = client.get(url, {"accreditation__exact": "LCME"}).content.decode()
    assert "Harvard Medical School" in page and "University of Lagos" not in page
