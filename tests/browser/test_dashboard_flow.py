"""The dashboard as a new applicant first meets it, in a real Chromium: the empty state and
an empty certificate bar, then a passed Step 1 added through the exam form, and back on the
dashboard the bar has moved and the Step 1 line reads Met."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.factories import ApplicantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CERTIFICATE = "Standard ECFMG Certificate"



def _certificate_bar(page: Page):
    return page.get_by_role("progressbar", name=re.compile(rf"^{CERTIFICATE}:"))


def test_new_applicant_adds_step1_and_sees_the_dashboard_move(page: Page, live_server):
    applicant = ApplicantFactory()
    base = live_server.url
    sign_in(page, base, applicant.user.email)

    expect(page.get_by_role("heading", name="Start here")).to_be_visible()
    card = page.locator(".bar-card").filter(has=page.get_by_role("heading", name=CERTIFICATE))
    expect(card).to_contain_text("0 of 11")
    expect(_certificate_bar(page)).to_have_attribute("aria-valuenow", "0")
    exams = page.get_by_role("list", name="Exams")
    step1 = exams.get_by_role("listitem").filter(has_text="USMLE Step 1 passed")
    expect(step1.locator(".badge")).not_to_have_text("Met")

    page.get_by_role("link", name="Add your USMLE attempts").click()
    expect(page).to_have_url(re.compile(r"/certification/exams/add/$"))
    page.get_by_label(re.compile(r"^Exam")).select_option(label="USMLE Step 1")
    page.get_by_label(re.compile(r"^Test date")).fill("2025-08-20")
    page.get_by_label(re.compile(r"^Outcome")).select_option(label="Passed")
    page.get_by_role("button", name="Save attempt").click()
    expect(page).to_have_url(re.compile(r"/certification/exams/$"))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", name="Start here")).to_have_count(0)
    expect(card).to_contain_text("1 of 11")
    expect(_certificate_bar(page)).to_have_attribute("aria-valuenow", "1")
    expect(step1).to_have_count(1)
    expect(step1.locator(".badge")).to_have_text("Met")
