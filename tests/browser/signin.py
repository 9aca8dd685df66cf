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


def turn_on_two_factor(page: Page, base: str, user) -> None:
    """Two-factor sign-in on for `user` (as its set-up page would), then the password again,
    as every later two-factor page asks."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    page.goto(base + "/accounts/reauthenticate/")
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("load")
