from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.signin import sign_in
from tests.factories import (
    ApplicantFactory,
    CredentialDocumentFactory,
    DeadlineFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    MccAttemptFactory,
    OetSittingFactory,
    ProgramFactory,
    RegistrationFactory,
    ResidencyApplicationFactory,
    SavedProgramFactory,
)


@pytest.fixture
def busy_applicant(reference_data):
    """An applicant with records of every kind (the one `signed_in` signs in as)."""
    applicant = ApplicantFactory(target_match_year=2027, track_canada=True,
                                 carms_match_year=2027, canadian_citizen_or_pr=True)
    MccAttemptFactory(applicant=applicant)
    applicant.licensure_states.create(state="CA")
    EcfmgRecordFactory(applicant=applicant)
    CredentialDocumentFactory(applicant=applicant, state="verified",
                              state_changed_on=date(2026, 5, 2))
    ExamAttemptFactory(applicant=applicant)
    ExamAttemptFactory(applicant=applicant, exam="STEP2CK", test_date=None, result_date=None,
                       outcome="", scheduled_date=date(2027, 1, 9))
    OetSittingFactory(applicant=applicant)
    RegistrationFactory(applicant=applicant)
    SavedProgramFactory.create_batch(2, applicant=applicant,
                                     apply_by=date.today() + timedelta(days=40))
    # Long words are what push a phone page sideways. The directory knows its application
    # deadline: its form page shows the date offered.
    long_name = ProgramFactory(name="Quarry Hill Regional Medical Center Internal Medicine "
                                    "Residency Program (Categorical)",
                               application_deadline=date.today() + timedelta(days=60),
                               criteria_notes={"application_deadline": {
                                   "source": "The program's application page",
                                   "checked_on": date.today().isoformat()}})
    SavedProgramFactory(applicant=applicant, program=long_name)
    ResidencyApplicationFactory(applicant=applicant, program=long_name, status="scheduled",
                                interview_on=date(2026, 12, 14))
    DeadlineFactory(applicant=applicant, title="Ask the dean's office for the MSPE letter")
    return applicant


@pytest.fixture
def signed_in(page: Page, live_server, busy_applicant) -> tuple[Page, list[str]]:
    """The page, signed in as an applicant with records of every kind, and the paths of one
    record of each kind (a document, an exam attempt, a program, a comparison of three)."""
    applicant = busy_applicant
    saved = list(applicant.saved_programs.order_by("pk"))
    long_name = saved[-1].program
    document = applicant.documents.get()
    sent = CredentialDocumentFactory(applicant=applicant, type="FINAL_TRANSCRIPT", state="sent",
                                     state_changed_on=date(2026, 9, 2), credit_years=4)
    step1 = applicant.exams.get(exam="STEP1")
    sign_in(page, live_server.url, applicant.user.email)
    return page, [reverse("certification:document-detail", args=[document.pk]),
                  reverse("certification:document-edit", args=[document.pk]),
                  reverse("certification:document-detail", args=[sent.pk]),
                  reverse("certification:document-answer", args=[sent.pk]),
                  reverse("certification:exam-edit", args=[step1.pk]),
                  reverse("certification:mcc-exam-edit",
                          args=[applicant.mcc_attempts.get().pk]),
                  reverse("residency:program-detail", args=[saved[0].program.pk]),
                  reverse("residency:saved-deadline", args=[saved[-1].pk]),
                  reverse("residency:compare") + f"?ids={saved[0].program.pk}&ids="
                  f"{saved[1].program.pk}&ids={long_name.pk}"]
