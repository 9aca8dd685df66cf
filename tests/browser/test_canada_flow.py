"""The Canadian route and the state licensure limits in a real Chromium: an applicant opts
in, adds an MCCQE Part I attempt and sees the Canadian bar move on the dashboard; then picks
two states and sees the date by which Step 3 must be passed in each. Both pages fit a
360 px wide phone without sideways scrolling."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.factories import ApplicantFactory, ExamAttemptFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide at 360 px"


def test_opt_in_add_mccqe1_and_follow_two_states(page: Page, live_server, reference_data):
    base = live_server.url
    applicant = ApplicantFactory(target_match_year=2027)
    ExamAttemptFactory(applicant=applicant, test_date=date(2022, 3, 1), outcome="pass")
    ExamAttemptFactory(applicant=applicant, exam="STEP2CK", test_date=date(2023, 3, 1),
                       outcome="pass", score=240)
    sign_in(page, base, applicant.user.email)
    expect(page.get_by_role("heading", name="Canadian route")).to_have_count(0)

    page.get_by_role("link", name="Canada").first.click()
    page.get_by_label("Track the Canadian route (CaRMS)").check()
    page.get_by_label(re.compile(r"^CaRMS match year")).fill("2027")
    page.get_by_label("Canadian citizen or permanent resident").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your Canadian route settings are saved.")).to_be_visible()
    expect(page.get_by_role("rowheader", name="First-iteration Match Day")).to_be_visible()

    page.goto(base + "/dashboard/")
    bar = page.get_by_role("progressbar", name=re.compile(r"^Canadian route"))
    expect(bar).to_have_attribute("aria-valuenow", "0")

    page.goto(base + "/certification/mcc/add/")
    page.get_by_label(re.compile(r"^Exam\W*$")).select_option(label="MCCQE Part I")
    page.get_by_label(re.compile(r"^Exam date")).fill("2026-04-20")
    page.get_by_label(re.compile(r"^Result\W*$")).select_option(label="Pass")
    page.get_by_role("button", name="Save exam").click()
    expect(page.get_by_text("MCCQE Part I 2026-04-20 saved.")).to_be_visible()

    page.goto(base + "/dashboard/")
    expect(bar).to_have_attribute("aria-valuenow", "1")
    expect(page.get_by_text("1 of 3").first).to_be_visible()

    page.get_by_role("link", name="Licensure").first.click()
    page.get_by_label("Alabama").check()
    page.get_by_label("California").check()
    page.get_by_role("button", name="Save the states I follow").click()
    expect(page.get_by_text("The states you follow are saved.")).to_be_visible()
    followed = page.locator("[data-state]")
    expect(followed).to_have_count(2)
    expect(page.locator('[data-state="AL"] .step3-date')).to_contain_text("1 Mar 2029")
    expect(page.locator('[data-state="CA"] .step3-date')).to_contain_text("1 Mar 2032")

    page.set_viewport_size({"width": 360, "height": 800})
    for path in ("/residency/licensure/", "/canada/", "/certification/mcc/"):
        page.goto(base + path)
        _fits(page)
