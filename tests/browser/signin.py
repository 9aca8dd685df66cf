"""Signing in through the real sign-in form, as the browser tests' people do."""

import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def sign_in(page: Page, base: str, email: str, lands_on: str | None = r"/dashboard/$") -> None:
    """Sign in as `email`; then expect the URL to match `lands_on` (None: a second step,
    such as a TOTP code, comes next)."""
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if lands_on:
        expect(page).to_have_url(re.compile(lands_on))
