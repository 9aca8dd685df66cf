"""Four failed Step 1 attempts close every USMLE Step: a new applicant who onboards and
records them, in a real Chromium, is never told to book, schedule or apply for Step 1 on the
dashboard, the checklist, the Match page or the exams page."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_signup_flow import _sign_up_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEP1_ACTION = re.compile(r"(Book|Schedule|Apply for|Apply to retake) (a )?(USMLE )?Step 1\b")
PAGES = ("/dashboard/", "/certification/", "/residency/match/", "/certification/exams/")


def _add_failed_step1(page: Page, base: str, test_date: str) -> None:
    page.goto(base + "/certification/exams/add/")
    page.get_by_label(re.compile(r"^Exam")).select_option(label="USMLE Step 1")
    page.get_by_label(re.compile(r"^Test date")).fill(test_date)
    page.get_by_label(re.compile(r"^Outcome")).select_option(label="Failed")
    page.get_by_role("button", name="Save attempt").click()
    expect(page).to_have_url(re.compile(r"/certification/exams/$"))


def test_four_failed_step1_attempts_leave_no_book_step1_anywhere(page: Page, live_server):
    base = live_server.url
    _sign_up_and_confirm(page, base, "four.attempts@example.org")
    page.get_by_label("Your full name, as on your passport").fill("Asha Menon")
    page.get_by_label("India", exact=True).check()
    page.get_by_label("Country of your medical school").select_option(label="India")
    page.get_by_label("Name of your medical school").fill("Madras Medical College")
    page.get_by_label("Graduation date").fill("2021-04-30")
    page.get_by_label("The Match you aim for (year)").fill(str(date.today().year + 1))
    page.get_by_role("button", name="See where I stand").click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    for test_date in ("2023-01-10", "2023-05-10", "2023-09-10", "2024-04-10"):
        _add_failed_step1(page, base, test_date)
    expect(page.get_by_text("2024-04-10").first).to_be_visible()

    for path in PAGES:
        page.goto(base + path)
        expect(page.locator("main")).to_be_visible()
        text = page.locator("body").inner_text()
        assert not STEP1_ACTION.search(text), (path, STEP1_ACTION.search(text).group(0))
        assert "Book Step 1" not in text, path
    page.goto(base + "/certification/")
    expect(page.locator("#req-C-STEP1")).to_contain_text(re.compile(r"attempt", re.I))
