"""The program directory as an applicant uses it: search, filters, pages, fit per program,
a program's page, saved programs and the side-by-side comparison."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from residency.models import Program, Registration, SavedProgram
from tests.certification.pages import error_at, messages_shown
from tests.factories import (
    ApplicantFactory,
    ExamAttemptFactory,
    ProgramFactory,
    SavedProgramFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("residency:programs")
SAVED = reverse("residency:saved")
COMPARE = reverse("residency:compare")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _rows(response) -> list[str]:
    """The text of each program row of a list or table page."""
    body = response.content.decode()
    tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
    return [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", tbody.group(1), re.S)] \
        if tbody else []


def _names(response) -> list[str]:
    body = response.content.decode()
    return [html.unescape(n) for n in re.findall(
        r'<th scope="row"><a href="/residency/programs/\d+/">(.*?)</a>', body)]


def _page_text(response) -> str:
    return _text(response.content.decode())


@pytest.fixture
def graduate_2019(client):
    """Graduated 2019, aiming for the 2027 Match: Step 2 CK 240 on the first attempt,
    registered needing a J-1 with 3 months of US clinical experience."""
    applicant = ApplicantFactory(graduation_date=date(2019, 6, 30), target_match_year=2027)
    ExamAttemptFactory(applicant=applicant, exam="STEP2CK", outcome="pass", score=240)
    Registration.objects.create(applicant=applicant, season=2027, visa_need="j1", usce_months=3)
    client.force_login(applicant.user)
    return applicant


def _welcoming(**changes) -> Program:
    """Every requirement recorded and met by graduate_2019."""
    return ProgramFactory(**{"name": "Welcoming", "max_years_since_graduation": 10,
                             "max_attempts_per_step": 2, "min_step2ck_score": 230,
                             "min_usce_months": 3, **changes})


# Search, filters, pages


def test_search_matches_name_institution_city_and_nrmp_code(applicant_client):
    blue = ProgramFactory(name="Bluewater Internal Medicine", institution="Bluewater Hospital")
    cedar = ProgramFactory(name="Cedar Family Medicine", institution="Cedar Ridge Health",
                           city="Omaha", state="NE", specialty="FM")
    for query, found in [("bluewater", blue), ("ridge health", cedar), ("OMAHA", cedar),
                         (cedar.nrmp_code.lower(), cedar)]:
        assert _names(applicant_client.get(LIST, {"q": query})) == [found.name], query
    assert "No programs match" in _page_text(applicant_client.get(LIST, {"q": "nowhere"}))


@pytest.mark.parametrize(("filters", "shown"), [
    ({}, ["FM Texas", "IM Ohio", "Peds New York"]),
    ({"specialty": "FM"}, ["FM Texas"]),
    ({"state": "NY"}, ["Peds New York"]),
    ({"visa": "j1"}, ["FM Texas", "IM Ohio"]),
    ({"visa": "h1b"}, ["FM Texas"]),
    ({"specialty": "IM", "visa": "h1b"}, []),
])
def test_each_filter_narrows_the_list(applicant_client, filters, shown):
    ProgramFactory(name="IM Ohio", specialty="IM", state="OH", sponsors_j1=True,
                   sponsors_h1b=False)
    ProgramFactory(name="FM Texas", specialty="FM", state="TX", sponsors_j1=True,
                   sponsors_h1b=True)
    ProgramFactory(name="Peds New York", specialty="PEDS", state="NY", sponsors_j1=False,
                   sponsors_h1b=None)
    response = applicant_client.get(LIST, filters)
    assert _names(response) == shown
    page = response.content.decode()
    for name, value in filters.items():  # the form shows what was asked for
        shown_as = (rf'name="visa" value="{value}"[^>]*checked' if name == "visa"
                    else rf'<option value="{value}" selected>')
        assert re.search(shown_as, page), name


def test_a_filter_value_from_an_edited_link_is_reported_and_ignored(applicant_client):
    ProgramFactory(name="IM Ohio")
    response = applicant_client.get(LIST, {"state": "ZZ"})
    assert _names(response) == ["IM Ohio"]
    assert "Select a valid choice" in error_at(response, "state")


def test_the_search_form_has_a_label_for_every_field(applicant_client):
    body = applicant_client.get(LIST).content.decode()
    for field in ("q", "specialty", "state", "visa_0", "visa_1", "eligible", "sort",
                  "min_img_share", "years_since_graduation", "step2ck", "attempts"):
        assert f'<label for="id_{field}">' in body, field
    assert 'method="get"' in body  # a search is a link to share


def test_pages_of_25_keep_the_filters_in_their_links(applicant_client):
    ProgramFactory.create_batch(30, specialty="FM")
    ProgramFactory.create_batch(3, specialty="IM")
    first = applicant_client.get(LIST, {"specialty": "FM"})
    assert len(_rows(first)) == 25
    assert "30 programs; page 1 of 2." in _page_text(first)
    assert 'href="?specialty=FM&amp;page=2"' in first.content.decode()

    second = applicant_client.get(LIST, {"specialty": "FM", "page": "2"})
    assert len(_rows(second)) == 5
    assert set(_names(first)).isdisjoint(_names(second))
    assert _names(applicant_client.get(LIST, {"specialty": "FM", "page": "99"})) == \
        _names(second)  # past the end: the last page
    assert _names(applicant_client.get(LIST, {"specialty": "FM", "page": "x"})) == \
        _names(first)


# Fit on the list


def test_each_row_shows_the_verdict_and_the_first_reason(client, graduate_2019):
    _welcoming()
    _welcoming(name="Recent graduates only", max_years_since_graduation=5)
    _welcoming(name="Score not recorded", min_step2ck_score=None)
    _welcoming(name="Prefers recent graduates", max_years_since_graduation=3,
               yog_is_hard=False)
    _welcoming(name="No J-1", sponsors_j1=False)
    rows = {row.split(" Sample")[0]: row for row in _rows(client.get(LIST))}

    assert "Eligible" in rows["Welcoming"] and "Not eligible" not in rows["Welcoming"]
    assert ("Not eligible Graduation year 2019; the program takes graduates of 2022 or later"
            in rows["Recent graduates only"])
    assert ("Unknown Minimum Step 2 CK score: the program's requirement is not recorded"
            in rows["Score not recorded"])
    assert ("Eligible Preference not met: Graduation year 2019; the program takes graduates "
            "of 2024 or later" in rows["Prefers recent graduates"])
    assert "Not eligible The program does not sponsor J-1 visas" in rows["No J-1"]
    assert "J-1: No H-1B: No" in rows["No J-1"]


def test_eligible_only_hides_known_hard_misses_and_keeps_unknowns(client, graduate_2019):
    _welcoming()
    _welcoming(name="Recent graduates only", max_years_since_graduation=5)
    _welcoming(name="Score not recorded", min_step2ck_score=None)
    _welcoming(name="Prefers recent graduates", max_years_since_graduation=3,
               yog_is_hard=False)
    _welcoming(name="No J-1", sponsors_j1=False)
    response = client.get(LIST, {"eligible": "on"})
    assert sorted(_names(response)) == ["Prefers recent graduates", "Score not recorded",
                                        "Welcoming"]
    assert re.search(r'<input type="checkbox" name="eligible"[^>]* checked',
                     response.content.decode())


def _bulk(count: int) -> list[Program]:
    return [Program(nrmp_code=f"{n:07d}C0", name=f"Program {n:05d}", institution="Hospital",
                    specialty=["IM", "FM", "PEDS"][n % 3], city="Toledo", state="OH",
                    sponsors_j1=[True, False, None][n % 3], max_years_since_graduation=[3, 10,
                    None][n % 3], min_step2ck_score=[220, 250, None][n % 3])
            for n in range(count)]


def test_directory_pages_take_the_same_queries_with_5000_programs(
        client, graduate_2019, django_assert_max_num_queries):
    Program.objects.bulk_create(_bulk(5000), batch_size=1000)
    SavedProgramFactory(applicant=graduate_2019, program=Program.objects.order_by(
        "specialty", "state", "name", "pk").first())
    # session, user, applicant, exams, ECFMG file, registration, season, count, page, saved
    with django_assert_max_num_queries(10):
        everything = client.get(LIST)
    with django_assert_max_num_queries(10):
        eligible = client.get(LIST, {"eligible": "on", "page": "3"})
    assert len(_rows(everything)) == len(_rows(eligible)) == 25
    assert "5000 programs; page 1 of 200." in _page_text(everything)
    assert "Unsave" in _rows(everything)[0]
    assert not any("Not eligible" in row for row in _rows(eligible))


# A program's page


def test_program_page_shows_every_criterion_its_kind_source_and_date(client, graduate_2019):
    """Each fact's own check where it has one, else the program's date and source; a fact
    checked by nobody reads "not checked yet"."""
    program = _welcoming(
        min_step2ck_score=None, min_usce_months=12, usce_is_hard=False, sponsors_h1b=None,
        img_share=Decimal("43.5"),
        criteria_source="Program FAQ", criteria_checked_on=date(2026, 8, 1),
        criteria_notes={"max_years_since_graduation": {"source": "Coordinator email",
                                                       "checked_on": "2027-01-05"},
                        "sponsors_h1b": {"checked_on": "2026-09-15"},
                        "img_share": {"checked_on": "2026-10-02"}})
    page = client.get(reverse("residency:program-detail", kwargs={"pk": program.pk}))
    rows = _rows(page)
    by_title = {row.split(" ")[0]: row for row in rows}
    assert rows[0].startswith("Years since graduation Graduated at most 10 years before the "
                              "Match (2017 or later for the 2027 Match) Hard cut-off "
                              "Coordinator email Checked 5 Jan 2027 Met")
    assert rows[1].startswith("USMLE attempts per Step At most 2 attempts per Step Hard "
                              "cut-off Program FAQ Checked 1 Aug 2026 Met")
    assert rows[2].startswith("Minimum Step 2 CK score Unknown: not recorded Possibly a hard "
                              "cut-off")
    assert "12 months Preference" in rows[3] and "Not met" in rows[3]
    assert ("J-1: sponsors · H-1B: unknown Hard cut-off Program FAQ J-1: checked 1 Aug 2026; "
            "H-1B: checked 15 Sep 2026") in by_title["Visa"]
    assert "Not needed by the rank deadline" in by_title["ECFMG"]
    assert "Share of IMG residents 43.5% (checked 2 Oct 2026)" in _page_text(page)

    program.criteria_checked_on, program.criteria_source = None, ""
    program.save()
    rows = _rows(client.get(reverse("residency:program-detail", kwargs={"pk": program.pk})))
    assert "Coordinator email Checked 5 Jan 2027" in rows[0]
    assert "Not recorded Not checked yet" in rows[1]


def test_a_requirement_the_program_states_it_has_none_of_reads_the_same_everywhere(
        client, graduate_2019):
    """Met because the program sets no requirement: the rule reads "None", never "Unknown: not
    recorded" beside it, on the program page and in the comparison."""
    program = _welcoming(min_step2ck_score=None, no_requirement=["min_step2ck_score"],
                         certificate_by_rank_deadline=None)
    rows = _rows(client.get(reverse("residency:program-detail", kwargs={"pk": program.pk})))
    step2 = next(row for row in rows if row.startswith("Minimum Step 2 CK score"))
    assert step2.startswith("Minimum Step 2 CK score None: the program sets no requirement "
                            "No cut-off")
    assert "Met" in step2 and "not recorded" not in step2
    SavedProgram.objects.create(applicant=graduate_2019, program=program)
    compare = _page_text(client.get(reverse("residency:compare"), {"ids": str(program.pk)}))
    assert "None: the program sets no requirement No cut-off Met" in compare
    assert "Unknown: not recorded No cut-off" not in compare


def test_program_page_separates_hard_cut_offs_from_preferences(client, graduate_2019):
    program = _welcoming(max_years_since_graduation=5, min_usce_months=12, usce_is_hard=False,
                         min_step2ck_score=None)
    text = _page_text(client.get(reverse("residency:program-detail", kwargs={"pk": program.pk})))
    assert "Your fit for the 2027 Match: Not eligible" in text
    hard = text.split("Hard cut-offs you miss")[1].split("Preferences you miss")[0]
    preferences = text.split("Preferences you miss")[1].split("Not known")[0]
    unknown = text.split("Not known")[1].split("What the program asks")[0]
    assert "Graduation year 2019; the program takes graduates of 2022 or later" in hard
    assert "US clinical experience" not in hard
    assert "3 months of US clinical experience; the program asks for 12" in preferences
    assert "Minimum Step 2 CK score: the program's requirement is not recorded" in unknown


def test_a_program_that_does_not_exist_is_404(applicant_client):
    url = reverse("residency:program-detail", kwargs={"pk": 987654})
    assert applicant_client.get(url).status_code == 404


# Saving programs


def _save(client, program, next_url=""):
    return client.post(reverse("residency:program-save", kwargs={"pk": program.pk}),
                       {"next": next_url})


def _unsave(client, program, next_url=""):
    return client.post(reverse("residency:program-unsave", kwargs={"pk": program.pk}),
                       {"next": next_url})


def _saved(applicant, *names) -> list[Program]:
    return [SavedProgramFactory(applicant=applicant, program=_welcoming(name=n)).program
            for n in names]


def test_saving_from_a_filtered_list_returns_to_that_page_marked_saved(applicant_client,
                                                                       applicant):
    program = ProgramFactory(specialty="FM")
    here = f"{LIST}?specialty=FM&page=1"
    response = _save(applicant_client, program, here)
    assert response.status_code == 302 and response["Location"] == here
    page = applicant_client.get(response["Location"])
    assert "is in your saved programs" in messages_shown(page)
    assert "Unsave" in _rows(page)[0]
    _save(applicant_client, program, here)  # saving again keeps one row
    assert SavedProgram.objects.filter(applicant=applicant).count() == 1


def test_unsaving_removes_only_the_requester_s_own_row(applicant_client, applicant,
                                                       other_applicant):
    program = ProgramFactory()
    SavedProgramFactory(applicant=applicant, program=program)
    theirs = SavedProgramFactory(applicant=other_applicant, program=program)
    response = _unsave(applicant_client, program)
    assert response["Location"] == reverse("residency:program-detail", kwargs={"pk": program.pk})
    assert list(SavedProgram.objects.all()) == [theirs]
    _unsave(applicant_client, program)  # nothing of theirs left to remove; theirs stays
    assert list(SavedProgram.objects.all()) == [theirs]


def test_a_get_on_save_changes_nothing(applicant_client):
    program = ProgramFactory()
    response = applicant_client.get(reverse("residency:program-save", kwargs={"pk": program.pk}))
    assert response.status_code == 302 and not SavedProgram.objects.exists()


def test_a_return_address_on_another_site_is_not_followed(applicant_client):
    program = ProgramFactory()
    response = _save(applicant_client, program, "https://evil.example/phish")
    assert response["Location"] == reverse("residency:program-detail", kwargs={"pk": program.pk})


def test_saved_programs_page_lists_only_own_with_their_fit(client, graduate_2019,
                                                            other_applicant):
    mine = _welcoming(name="Mine")
    SavedProgramFactory(applicant=graduate_2019, program=mine)
    SavedProgramFactory(applicant=graduate_2019, program=_welcoming(
        name="Mine too", max_years_since_graduation=5))
    SavedProgramFactory(applicant=other_applicant, program=_welcoming(name="Theirs"))
    rows = _rows(client.get(SAVED))
    assert [row.split(" Sample")[0] for row in rows] == ["Compare Mine too Mine too",
                                                         "Compare Mine Mine"]
    assert "Not eligible Graduation year 2019" in rows[0]
    assert "Eligible" in rows[1]


def test_saved_and_compare_pages_take_the_same_queries_however_many_are_saved(
        client, graduate_2019, django_assert_max_num_queries):
    programs = _saved(graduate_2019, *(f"Saved {n}" for n in range(40)))
    # session, user, applicant, exams, ECFMG file, registration, season, saved programs
    with django_assert_max_num_queries(8):
        saved = client.get(SAVED)
    with django_assert_max_num_queries(8):
        compared = client.get(COMPARE, {"ids": ",".join(str(p.pk) for p in programs[:4])})
    assert len(_rows(saved)) == 40
    assert _rows(compared)[0].count("Eligible") == 4


# Comparing saved programs


def test_compare_puts_up_to_four_saved_programs_side_by_side(client, graduate_2019):
    one, two, three, four = _saved(graduate_2019, "One", "Two", "Three", "Four")
    response = client.get(COMPARE, {"ids": f"{three.pk},{one.pk}"})
    assert _names(response) == []  # columns, not rows
    header = _text(re.search(r"<thead>(.*?)</thead>", response.content.decode(), re.S)[1])
    assert header.startswith("Requirement Three") and " One " in header
    fit_row = _rows(response)[0]
    assert fit_row.startswith("Your fit Eligible")
    # repeated ids (what the saved page's checkboxes send) work too
    response = client.get(COMPARE, {"ids": [one.pk, two.pk, three.pk, four.pk]})
    assert "Four" in _text(re.search(r"<thead>(.*?)</thead>", response.content.decode(),
                                     re.S)[1])


def test_compare_refuses_more_than_four_with_a_clear_message(client, graduate_2019):
    programs = _saved(graduate_2019, "A", "B", "C", "D", "E")
    response = client.get(COMPARE, {"ids": ",".join(str(p.pk) for p in programs)})
    assert ("You picked 5 programs; you can compare up to 4 at a time."
            in _page_text(response))
    assert "<table" not in response.content.decode()


def test_compare_ignores_programs_not_in_the_applicant_s_saved_list(client, graduate_2019,
                                                                    other_applicant):
    (mine,) = _saved(graduate_2019, "Mine")
    (theirs,) = _saved(other_applicant, "Theirs")
    unsaved = _welcoming(name="Nobody saved")
    response = client.get(COMPARE, {"ids": f"{mine.pk},{theirs.pk},{unsaved.pk},abc,-3"})
    text = _page_text(response)
    assert "Mine" in text and "Theirs" not in text and "Nobody saved" not in text
    assert "2 of the programs asked for are not in your saved programs" in text
    assert other_applicant.legal_name not in text


def test_compare_with_nothing_picked_explains_what_to_do(applicant_client):
    text = _page_text(applicant_client.get(COMPARE, {"ids": "99999999999999999999"}))
    assert "Tick up to 4 of your saved programs to compare them" in text


def test_word_search_matches_across_name_city_and_state(applicant_client):
    ProgramFactory(name="Quarry Hill Internal Medicine", city="Fresno", state="CA")
    ProgramFactory(name="Quarry Hill Family Medicine", city="Boise", state="ID")
    assert _names(applicant_client.get(LIST, {"q": "Quarry Hill Fresno"})) == [
        "Quarry Hill Internal Medicine"]
    assert _names(applicant_client.get(LIST, {"q": "quarry boise"})) == [
        "Quarry Hill Family Medicine"]


def test_several_visas_and_the_new_filters(applicant_client):
    ProgramFactory(name="A J1 only", sponsors_j1=True, sponsors_h1b=False, img_share=40,
                   max_years_since_graduation=3, min_step2ck_score=240, max_attempts_per_step=1)
    ProgramFactory(name="B H1B only", sponsors_j1=False, sponsors_h1b=True, img_share=10,
                   max_years_since_graduation=None, min_step2ck_score=None,
                   max_attempts_per_step=None)
    ProgramFactory(name="C neither", sponsors_j1=False, sponsors_h1b=False, img_share=90)
    both = applicant_client.get(LIST, {"visa": ["j1", "h1b"], "sort": "name"})
    assert _names(both) == ["A J1 only", "B H1B only"]
    assert _names(applicant_client.get(LIST, {"min_img_share": 30, "sort": "name"})) == [
        "A J1 only", "C neither"]
    # Not recorded is not a refusal: B stays for each limit.
    for field, value in (("years_since_graduation", 6), ("step2ck", 230), ("attempts", 2)):
        names = _names(applicant_client.get(LIST, {field: value, "visa": "h1b"}))
        assert names == ["B H1B only"], field
        assert "A J1 only" not in _names(applicant_client.get(LIST, {field: value}))


def test_sort_by_img_share_and_by_fit(applicant_client, applicant):
    ProgramFactory(name="Low", img_share=5)
    ProgramFactory(name="High", img_share=80)
    ProgramFactory(name="Unknown share", img_share=None)
    assert _names(applicant_client.get(LIST, {"sort": "img_share"})) == [
        "High", "Low", "Unknown share"]
    assert len(_names(applicant_client.get(LIST, {"sort": "fit"}))) == 3
