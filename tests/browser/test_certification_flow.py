"""The certificate checklist follows the records an applicant adds, in a real Chromium:
upload a diploma, add a failed and then a passed Step 1, and watch the lines change."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.factories import ApplicantFactory, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _line(page: Page, code: str):
    return page.locator(f"#req-{code}")



def _add_step1(page: Page, base: str, test_date: str, outcome: str) -> None:
    page.goto(base + "/certification/exams/add/")
    page.get_by_label(re.compile(r"^Exam")).select_option(label="USMLE Step 1")
    page.get_by_label(re.compile(r"^Test date")).fill(test_date)
    page.get_by_label(re.compile(r"^Outcome")).select_option(label=outcome)
    page.get_by_role("button", name="Save attempt").click()
    expect(page).to_have_url(re.compile(r"/certification/exams/$"))


def test_checklist_follows_diploma_and_step1(page: Page, live_server, tmp_path):
    applicant = ApplicantFactory()
    base = live_server.url
    sign_in(page, base, applicant.user.email)

    page.goto(base + "/certification/")
    expect(page.get_by_role("heading", name="0 of 11 requirements met")).to_be_visible()
    expect(_line(page, "C-DIPLOMA")).to_contain_text("No final diploma uploaded")
    expect(_line(page, "C-STEP1").locator(".badge")).to_have_text("Not started")

    diploma = tmp_path / "diploma.pdf"
    diploma.write_bytes(small_pdf())
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents").click()
    page.goto(base + "/certification/documents/upload/")
    page.get_by_label(re.compile(r"^What is it")).select_option(label="Final diploma")
    page.get_by_label(re.compile(r"^File")).set_input_files(str(diploma))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("diploma.pdf").first).to_be_visible()

    page.goto(base + "/certification/")
    expect(_line(page, "C-DIPLOMA")).not_to_contain_text("No final diploma uploaded")

    _add_step1(page, base, "2025-02-10", "Failed")
    page.goto(base + "/certification/")
    step1 = _line(page, "C-STEP1")
    expect(step1).to_contain_text("10 Feb 2025")
    expect(step1.locator(".badge")).not_to_have_text("Met")

    _add_step1(page, base, "2025-08-20", "Passed")
    page.goto(base + "/certification/")
    expect(_line(page, "C-STEP1").locator(".badge")).to_have_text("Met")
    expect(_line(page, "C-STEP1")).to_contain_text("20 Aug 2025")
    expect(page.get_by_role("heading", name="1 of 11 requirements met")).to_be_visible()
