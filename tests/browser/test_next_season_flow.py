"""Next season from the admin, in a real Chromium: a content editor (staff, with MFA) proposes
the next Match season, confirms one date with a source, and publishes the derived draft set."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from playwright.sync_api import Page, expect

from certification.models import RequirementSet
from residency.models import MatchSeason
from tests.factories import PASSWORD, ContentEditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in_with_totp(page: Page, base: str, email: str, secret: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    code = page.get_by_label(re.compile(r"^Code"))
    while 30 - time.time() % 30 < 5:  # a code about to expire could reach the server late
        time.sleep(0.5)
    code.fill(f"{hotp_value(secret, int(time.time()) // 30):06d}")
    code.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_propose_next_season_confirm_a_date_and_publish(page: Page, live_server):
    editor = ContentEditorFactory()
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    year = MatchSeason.objects.order_by("-year").first().year + 1
    _sign_in_with_totp(page, live_server.url, editor.email, secret)

    page.goto(live_server.url + "/admin/residency/matchseason/")
    page.get_by_role("button", name="Propose next season").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Proposed the {year} calendar")
    season = MatchSeason.objects.get(year=year)
    assert season.status == "proposed" and season.provenance == {}

    page.get_by_role("link", name="Confirm a date with a source").click()
    page.get_by_label(re.compile(r"^Date:?$")).select_option("match_day")
    page.get_by_label(re.compile(r"^Is on")).fill(f"{year}-03-17")
    page.get_by_label(re.compile(r"^Confirmed by")).select_option("verified")
    page.get_by_label(re.compile(r"^Source:?$")).fill("NRMP Main Residency Match calendar")
    page.get_by_label(re.compile(r"^Source link")).fill("https://www.nrmp.org/")
    page.get_by_label(re.compile(r"^Checked on")).fill("2026-11-30")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messagelist")).to_contain_text("match_day confirmed")
    season.refresh_from_db()
    assert str(season.match_day) == f"{year}-03-17"
    assert season.provenance == {"match_day": "verified"}
    assert season.sources["match_day"]["source"] == "NRMP Main Residency Match calendar"
    assert season.history.first().history_user == editor

    draft = RequirementSet.objects.get(code=f"RS-{year}-P")
    assert draft.status == "draft"
    assert set(draft.requirements.values_list("provenance", flat=True)) == {"derived"}
    page.goto(live_server.url + f"/admin/certification/requirementset/{draft.pk}/change/")
    page.get_by_role("link", name="Preview and publish").click()
    page.get_by_label(re.compile(r"Publish now")).check()
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".progress")).to_contain_text("finished")
    draft.refresh_from_db()
    assert draft.status == "published" and str(draft.effective_from) == f"{year - 1}-06-01"
