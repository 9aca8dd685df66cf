"""An advisor's day (acceptance), in a real Chromium: sign in with a TOTP code, filter the
caseload by "Document stalled", open the file, ask for changes on a transcript with a
reason; the applicant then sees the reason, a notification and a new next action."""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from playwright.sync_api import Page, expect

from core import clock
from road.refresh import refresh_road
from tests.advisors.conftest import make_team
from tests.browser.signin import sign_in
from tests.factories import AdvisorFactory, ApplicantFactory, CredentialDocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_advisor_asks_for_changes_and_the_applicant_sees_them(page: Page, live_server):
    team = make_team("Lagos IMG Office")
    secret = generate_totp_secret()
    advisor = AdvisorFactory()
    TOTP.activate(advisor, secret)
    team.organisation.memberships.create(user=advisor)
    stalled = ApplicantFactory(legal_name="Stalled Diploma Person")
    CredentialDocumentFactory(applicant=stalled, state="sent",
                              state_changed_on=clock.today() - timedelta(days=70))
    calm = ApplicantFactory(legal_name="Nothing Stalled Person")
    for applicant in (stalled, calm):
        refresh_road(applicant.pk)
        team.organisation.consents.create(applicant=applicant, advisor=advisor, shared=["all"])
    CredentialDocumentFactory(applicant=stalled, type="FINAL_TRANSCRIPT",
                              original_name="transcript.pdf")
    base = live_server.url

    sign_in(page, base, advisor.email, lands_on=None)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label(re.compile("code", re.I)).first.fill(
        f"{hotp_value(secret, int(time.time()) // 30):06d}")
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    expect(page.get_by_text("Nothing Stalled Person")).to_be_visible()

    page.get_by_label("Flag").select_option(label="Document stalled")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Nothing Stalled Person")).to_have_count(0)
    page.get_by_role("link", name="Stalled Diploma Person").click()

    expect(page.get_by_role("heading", name="Stalled Diploma Person")).to_be_visible()
    page.get_by_role("link", name="Final transcript", exact=True).click()
    page.get_by_label("Needs changes").check()
    page.get_by_label(re.compile("What needs to change")).fill(
        "The university seal is cut off at the bottom.")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("Your review is recorded")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, stalled.user.email, lands_on=None)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    expect(page.get_by_text("Upload a corrected final transcript")).to_be_visible()
    expect(page.get_by_text("The university seal is cut off at the bottom.").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Notifications")).click()
    expect(page.get_by_role("link", name=re.compile("asked for changes to your Final "
                                                    "transcript"))).to_be_visible()
    page.get_by_role("link", name=re.compile("asked for changes")).click()
    expect(page.get_by_text("Your advisor asked for changes before you send it")).to_be_visible()
