"""axe-core (the engine browsers' accessibility tools use) on every applicant page and the
public pages, in a real Chromium, with records of every kind on them: no violation, whatever
its impact.

axe-core comes bundled with axe-playwright-python; nothing is downloaded at test time."""

import re
import time
from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from applicants.sharing import services
from road.refresh import refresh_road
from tests.advisors.conftest import make_team
from tests.browser.pages import (
    ADVISOR_CASE_PAGES,
    ADVISOR_PAGES,
    APPLICANT_PAGES,
    HELP_PAGES,
    PUBLIC_PAGES,
)
from tests.factories import PASSWORD, ApplicantFactory, CredentialDocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page: Page, paths: list[str], base: str) -> dict:
    """axe's violations per path, and anything the Content-Security-Policy refused there."""
    axe, found, refused = Axe(), {}, []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in paths:
        response = page.goto(base + path)
        page.wait_for_load_state("load")
        assert response.status == 200 and page.url == base + path, (path, page.url)
        if refused:
            found[path] = ["CSP refused: " + text for text in refused]
            refused.clear()
        violations = axe.run(page).response["violations"]
        refused.clear()  # axe's own injected script is not the page's
        if violations:
            found.setdefault(path, []).extend(
                (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
                for v in violations)
    return found


def test_applicant_pages_have_no_accessibility_violations(signed_in, live_server):
    page, record_pages = signed_in
    paths = [reverse(name) for name in APPLICANT_PAGES] + record_pages
    assert _violations(page, paths, live_server.url) == {}


def test_advisor_pages_have_no_accessibility_violations(page: Page, live_server, reference_data):
    """The lead's caseload (filtered too), team, an applicant's file, a document and the
    assignment; and the applicant's invitation and sharing pages with a consent on them."""
    team = make_team("Lagos IMG Office")
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=team.lead).delete()
    TOTP.activate(team.lead, secret)
    applicant = ApplicantFactory(target_match_year=2027)
    document = CredentialDocumentFactory(applicant=applicant, state="sent",
                                         state_changed_on=date(2026, 5, 2))
    refresh_road(applicant.pk)
    team.share(applicant)
    team.organisation.notes.create(applicant=applicant, author=team.lead, text="Hello",
                                   shared=True)
    code = services.invite_applicants(team.organisation.memberships.get(user=team.lead)).code
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(team.lead.email)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label(re.compile("code", re.I)).first.fill(
        f"{hotp_value(secret, int(time.time()) // 30):06d}")
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    paths = [reverse(name) for name in ADVISOR_PAGES] + [
        reverse(name, args=[applicant.pk]) for name in ADVISOR_CASE_PAGES] + [
        reverse("road:caseload") + "?flag=document_stalled&q=applicant",
        reverse("road:advisor-document", args=[applicant.pk, document.pk])]
    assert _violations(page, paths, live_server.url) == {}
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(applicant.user.email)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    paths = [reverse("applicants:invitation", args=[code]), reverse("applicants:sharing")]
    assert _violations(page, paths, live_server.url) == {}


def test_public_pages_have_no_accessibility_violations(page: Page, live_server):
    paths = [reverse(name) for name in PUBLIC_PAGES] + [
        reverse("applicants:help-page", args=[slug]) for slug in HELP_PAGES]
    assert _violations(page, paths, live_server.url) == {}


def test_the_check_catches_a_violation(signed_in):
    """The same check on a page with a button that has no name: it must fail."""
    page, _ = signed_in
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                       "'<button type=button></button>')")
    violations = Axe().run(page).response["violations"]
    assert ("button-name", "critical") in {(v["id"], v["impact"]) for v in violations}
