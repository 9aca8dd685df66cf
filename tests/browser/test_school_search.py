"""The school field searches the directory as you type (htmx), in a real headless Chromium."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from applicants.models import Applicant
from tests.factories import MedicalSchoolFactory, UserFactory

ACCREDITATION = "How is your school accredited? (US and Canadian schools only)"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, live_server_url: str, user) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server_url}]
    )


def test_type_choose_with_the_keyboard_and_save(page: Page, live_server):
    lagos = MedicalSchoolFactory(name="University of Lagos College of Medicine", country="NG",
                                 city="Lagos")
    MedicalSchoolFactory(name="Madras Medical College", city="Chennai")
    user = UserFactory()
    _sign_in(page, live_server.url, user)
    page.goto(live_server.url + "/onboarding/")

    page.get_by_label("Your full name, as on your passport").fill("Amara Okafor")
    page.get_by_label("Nigeria", exact=True).check()
    page.get_by_label("Name of your medical school").press_sequentially("lagos")
    choice = page.get_by_role("radio", name=re.compile("University of Lagos College of Medicine"))
    expect(choice).to_be_visible()
    expect(page.locator("#school-search-status")).to_have_text("1 school found.")
    expect(page.get_by_text("Madras Medical College")).to_have_count(0)

    page.keyboard.press("Tab")  # from the search box to the first choice
    page.keyboard.press("Space")
    expect(choice).to_be_checked()
    expect(page.get_by_label(ACCREDITATION)).to_be_hidden()
    page.get_by_label("Graduation date").fill("2022-07-15")
    page.get_by_label("The Match you aim for (year)").fill("2028")
    page.get_by_role("button", name="See where I stand").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_text("Non-US-citizen IMG").first).to_be_visible()
    expect(page.get_by_text("Not in our directory")).to_have_count(0)
    assert Applicant.objects.get(user=user).school == lagos


def test_not_listed_reveals_the_accreditation_field(page: Page, live_server):
    _sign_in(page, live_server.url, UserFactory())
    page.goto(live_server.url + "/onboarding/")
    accreditation = page.get_by_label(ACCREDITATION)
    expect(accreditation).to_be_hidden()
    page.get_by_label("My school is not listed in the directory").check()
    expect(accreditation).to_be_visible()
