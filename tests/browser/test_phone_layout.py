"""Every applicant page at a phone's width (360 px) and a laptop's (1366 px): nothing runs
off the side, and no table is merely tucked into a box that scrolls sideways (on a phone
the tables become stacked cards)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.pages import APPLICANT_PAGES, PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What runs off: the page itself, then every box that scrolls sideways and holds more than
# it shows.
OVERFLOW = """() => {
  const boxes = [];
  for (const el of document.querySelectorAll('body *')) {
    const x = getComputedStyle(el).overflowX;
    if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth) {
      boxes.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + el.scrollWidth + '>' +
                 el.clientWidth);
    }
  }
  return {page: document.documentElement.scrollWidth, boxes};
}"""


def _overflows(page: Page, base: str, paths: list[str], width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 800 if width < 800 else 900})
    found = {}
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        seen = page.evaluate(OVERFLOW)
        if seen["page"] > width or seen["boxes"]:
            found[path] = seen
    return found


@pytest.mark.parametrize("width", [360, 1366])
def test_no_applicant_page_scrolls_sideways(signed_in, live_server, width):
    page, record_pages = signed_in
    paths = [reverse(name) for name in APPLICANT_PAGES] + record_pages
    assert _overflows(page, live_server.url, paths, width) == {}


def test_no_public_page_scrolls_sideways_on_a_phone(page: Page, live_server):
    paths = [reverse(name) for name in PUBLIC_PAGES]
    assert _overflows(page, live_server.url, paths, 360) == {}


def test_the_check_catches_a_table_in_a_scroll_box(signed_in, live_server):
    """A wide table inside an overflow-x box: the page does not scroll, the box does."""
    page, _ = signed_in
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + reverse("road:dashboard"))
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<div class=\"x\"><table><tr><td>' + 'word '.repeat(200) + '</td></tr>"
                  "</table></div>'); const x = document.querySelector('.x'); "
                  "x.style.overflowX = 'auto'; x.querySelector('td').style.whiteSpace = 'nowrap'")
    seen = page.evaluate(OVERFLOW)
    assert seen["page"] <= 360 and seen["boxes"]


def test_the_phone_menu_opens_without_javascript(browser, live_server, signed_in):
    """The compact navigation is a <details>: it opens with scripts switched off."""
    page, _ = signed_in
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 360, "height": 800},
                                  storage_state=page.context.storage_state())
    phone = context.new_page()
    phone.goto(live_server.url + reverse("road:dashboard"))
    menu_link = phone.get_by_role("link", name="Deadlines", exact=True)
    assert not menu_link.is_visible()
    phone.get_by_text("Menu", exact=True).click()
    menu_link.click()
    phone.wait_for_url(live_server.url + reverse("applicants:deadlines"))
    context.close()


def test_the_phone_dashboard_leads_with_the_next_step_and_deadlines(signed_in, live_server):
    page, _ = signed_in
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + reverse("road:dashboard"))
    step = page.locator(".next-step")
    assert step.get_by_role("heading", name="Your next step").is_visible()
    assert step.bounding_box()["y"] + 120 < 800  # its heading and action on the first screen
    top = {name: page.get_by_role("heading", name=name, exact=True).bounding_box()["y"]
           for name in ("Your next step", "Next 90 days", "What is met, what is missing")}
    assert top["Your next step"] < top["Next 90 days"] < top["What is met, what is missing"]
