"""Programs and the what-if planner as an applicant uses them, in a real Chromium: filter
by J-1, save three programs, see the one they miss marked not eligible with its reason, then
move a planned Step 2 CK date past the safe date and see the warning."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.factories import ApplicantFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_programs_and_what_if(page: Page, live_server):
    # Graduated 2023-05-31, aiming at the 2028 Match.
    applicant = ApplicantFactory()
    ProgramFactory(name="Aspen Valley Internal Medicine", max_years_since_graduation=10)
    ProgramFactory(name="Birch Creek Internal Medicine", max_years_since_graduation=3)
    ProgramFactory(name="Cedar Ridge Internal Medicine", max_years_since_graduation=5)
    ProgramFactory(name="Dogwood H-1B Internal Medicine", sponsors_j1=False, sponsors_h1b=True)
    base = live_server.url
    sign_in(page, base, applicant.user.email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    page.get_by_text("More filters").click()
    page.get_by_label("J-1", exact=True).check()
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"visa=j1"))
    expect(page.get_by_text("3 programs")).to_be_visible()
    expect(page.get_by_text("Dogwood H-1B Internal Medicine")).to_have_count(0)

    for name in ("Aspen Valley", "Birch Creek", "Cedar Ridge"):
        page.get_by_role("button", name=f"Save {name} Internal Medicine").click()
        expect(page.get_by_role("button", name=f"Unsave {name} Internal Medicine")).to_be_visible()

    page.goto(base + "/residency/programs/saved/")
    birch = page.get_by_role("row").filter(has_text="Birch Creek Internal Medicine")
    expect(birch.locator(".badge-fit-not_eligible")).to_have_text("Not eligible")
    expect(birch).to_contain_text("2023")  # the graduation year the cut-off rules out
    expect(birch).to_contain_text("2025")  # the first year this program takes
    for name in ("Aspen Valley", "Cedar Ridge"):
        row = page.get_by_role("row").filter(has_text=f"{name} Internal Medicine")
        expect(row.locator(".badge-fit-not_eligible")).to_have_count(0)

    page.goto(base + "/residency/match/what-if/")
    page.get_by_label("Exam or application").select_option(label="USMLE Step 2 CK")
    page.get_by_label("For the Match of").select_option("2028")
    page.get_by_label(re.compile(r"^Planned date")).fill("2028-01-10")
    page.get_by_role("button", name="Check this date").click()
    result = page.locator("#what-if-result")
    expect(result.get_by_role("heading", name=re.compile(r"^In time"))).to_be_visible()

    # The 2028 rank order list deadline is 2028-03-01: a Step 2 CK result takes ~28 days.
    page.get_by_label(re.compile(r"^Planned date")).fill("2028-02-20")
    page.get_by_role("button", name="Check this date").click()
    expect(result.get_by_role("heading", name="Too late")).to_be_visible()
    expect(result).to_contain_text("2 Feb 2028")  # the latest safe test date
    expect(result).to_contain_text("2029")  # the Match that date works for


def test_a_programs_checked_dates_read_on_a_phone_without_sideways_scrolling(page: Page,
                                                                           live_server):
    applicant = ApplicantFactory()
    program = ProgramFactory(
        name="Elm Street Internal Medicine", criteria_checked_on=None,
        criteria_notes={"min_step2ck_score": {"source": "Coordinator email",
                                              "checked_on": "2027-01-05"}})
    sign_in(page, live_server.url, applicant.user.email)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/residency/programs/{program.pk}/")
    step2 = page.get_by_role("row").filter(has_text="Minimum Step 2 CK score")
    expect(step2).to_contain_text("Coordinator email")
    expect(step2).to_contain_text("Checked 5 Jan 2027")
    expect(page.get_by_role("row").filter(has_text="USMLE attempts per Step")).to_contain_text(
        "Not checked yet")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the program page is {width} px wide at 360 px"
    wider = page.evaluate("""[...document.querySelectorAll('main *')]
        .filter(e => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1
                     && getComputedStyle(e).overflowX !== 'visible')
        .map(e => e.tagName + '.' + e.className)""")
    assert wider == [], f"boxes that scroll sideways at 360 px: {wider}"  # 1 px: screen readers'
