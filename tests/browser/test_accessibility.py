"""axe-core (the engine browsers' accessibility tools use) on the applicant's main pages, in
a real Chromium, with records of every kind on them: no violation, whatever its impact.

axe-core comes bundled with axe-playwright-python; nothing is downloaded at test time."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.factories import (
    PASSWORD,
    ApplicantFactory,
    CredentialDocumentFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    OetSittingFactory,
    RegistrationFactory,
    SavedProgramFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/dashboard/", "/dashboard/report/", "/certification/", "/certification/exams/",
         "/residency/match/", "/residency/programs/", "/me/profile/"]


@pytest.fixture
def signed_in(page: Page, live_server, reference_data):
    applicant = ApplicantFactory(target_match_year=2027)
    EcfmgRecordFactory(applicant=applicant)
    CredentialDocumentFactory(applicant=applicant, state="verified",
                              state_changed_on=date(2026, 5, 2))
    ExamAttemptFactory(applicant=applicant)
    ExamAttemptFactory(applicant=applicant, exam="STEP2CK", test_date=None, result_date=None,
                       outcome="", scheduled_date=date(2027, 1, 9))
    OetSittingFactory(applicant=applicant)
    RegistrationFactory(applicant=applicant)
    SavedProgramFactory.create_batch(2, applicant=applicant)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(applicant.user.email)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    return page


def test_main_pages_have_no_accessibility_violations(signed_in: Page, live_server):
    axe, found = Axe(), {}
    for path in PAGES:
        signed_in.goto(live_server.url + path)
        violations = axe.run(signed_in).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], v["help"],
                            [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {}


def test_the_check_catches_a_violation(signed_in: Page):
    """The same check on a page with a button that has no name: it must fail."""
    signed_in.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                       "'<button type=button></button>')")
    violations = Axe().run(signed_in).response["violations"]
    assert ("button-name", "critical") in {(v["id"], v["impact"]) for v in violations}
