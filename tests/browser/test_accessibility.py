"""axe-core (the engine browsers' accessibility tools use) on every applicant page and the
public pages, in a real Chromium, with records of every kind on them: no violation, whatever
its impact.

axe-core comes bundled with axe-playwright-python; nothing is downloaded at test time."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.pages import APPLICANT_PAGES, PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page: Page, paths: list[str], base: str) -> dict:
    axe, found = Axe(), {}
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200 and page.url == base + path, (path, page.url)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], v["help"],
                            [n["target"] for n in v["nodes"]][:3]) for v in violations]
    return found


def test_applicant_pages_have_no_accessibility_violations(signed_in, live_server):
    page, record_pages = signed_in
    paths = [reverse(name) for name in APPLICANT_PAGES] + record_pages
    assert _violations(page, paths, live_server.url) == {}


def test_public_pages_have_no_accessibility_violations(page: Page, live_server):
    paths = [reverse(name) for name in PUBLIC_PAGES]
    assert _violations(page, paths, live_server.url) == {}


def test_the_check_catches_a_violation(signed_in):
    """The same check on a page with a button that has no name: it must fail."""
    page, _ = signed_in
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                       "'<button type=button></button>')")
    violations = Axe().run(page).response["violations"]
    assert ("button-name", "critical") in {(v["id"], v["impact"]) for v in violations}
