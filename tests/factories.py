import hashlib
import io
from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from applicants.models import Applicant, User
from certification.models import CredentialDocument

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    role = User.Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary email, as allauth expects after sign-up (verified=False to skip)."""
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AdvisorFactory(UserFactory):
    role = User.Role.ADVISOR


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ContentEditorFactory(UserFactory):
    """Staff in the content-editor group (road migration 0001): content, no applicants."""

    is_staff = True

    @factory.post_generation
    def content_editor(self, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group
            self.groups.add(Group.objects.get(name="Content editors"))


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    user = factory.SubFactory(UserFactory)
    legal_name = factory.Sequence(lambda n: f"Applicant Number{n}")
    citizenships = ["IN"]
    school_country = "IN"
    school_name = "Grant Government Medical College"
    graduation_date = date(2023, 5, 31)
    target_match_year = 2028


def small_pdf(pages: int = 1) -> bytes:
    """A valid PDF of blank pages, made on the fly (no binary fixtures in the repository)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class CredentialDocumentFactory(factory.django.DjangoModelFactory):
    """An uploaded diploma with a real PDF in storage (under MEDIA_ROOT)."""

    class Meta:
        model = CredentialDocument

    class Params:
        content = factory.LazyFunction(small_pdf)

    applicant = factory.SubFactory(ApplicantFactory)
    type = CredentialDocument.Type.DIPLOMA
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="upload"))
    original_name = "diploma.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    state = CredentialDocument.State.UPLOADED


class MedicalSchoolFactory(factory.django.DjangoModelFactory):
    """A school in the directory with an ECFMG sponsor note (sample years)."""

    class Meta:
        model = "directory.MedicalSchool"

    name = factory.Sequence(lambda n: f"Sample Medical College {n}")
    country = "IN"
    city = "Pune"
    wdoms_id = factory.Sequence(lambda n: f"F9{n:06d}")
    sponsor_note = True
    note_from_year = 1950
    note_years_are_sample = True


class EcfmgRecordFactory(factory.django.DjangoModelFactory):
    """An ECFMG file with a submitted application."""

    class Meta:
        model = "certification.EcfmgRecord"

    applicant = factory.SubFactory(ApplicantFactory)
    ecfmg_id = factory.Sequence(lambda n: f"0-{n % 1000:03d}-456-7")
    application_status = "submitted"
    application_submitted_on = date(2023, 9, 1)


class MccAttemptFactory(factory.django.DjangoModelFactory):
    """A passed MCCQE Part I."""

    class Meta:
        model = "certification.MccAttempt"

    applicant = factory.SubFactory(ApplicantFactory)
    exam = "MCCQE1"
    test_date = date(2025, 4, 20)
    outcome = "pass"
    result_date = date(2025, 6, 10)


class ExamAttemptFactory(factory.django.DjangoModelFactory):
    """A passed Step 1, reported pass/fail."""

    class Meta:
        model = "certification.ExamAttempt"

    applicant = factory.SubFactory(ApplicantFactory)
    exam = "STEP1"
    eligibility_start = date(2024, 1, 1)
    eligibility_end = date(2024, 3, 31)
    test_date = date(2024, 3, 10)
    result_date = date(2024, 4, 3)
    outcome = "pass"


class OetSittingFactory(factory.django.DjangoModelFactory):
    """An OET Medicine sitting whose four scores meet the current minimums."""

    class Meta:
        model = "certification.OetSitting"

    applicant = factory.SubFactory(ApplicantFactory)
    test_date = date(2025, 3, 8)
    result_date = date(2025, 3, 25)
    listening = 380
    reading = 360
    writing = 320
    speaking = 400


class PathwayApplicationFactory(factory.django.DjangoModelFactory):
    """A Pathway 3 application, submitted for the 2027 Match."""

    class Meta:
        model = "certification.PathwayApplication"

    applicant = factory.SubFactory(ApplicantFactory)
    pathway = "3"
    season = 2027
    status = "submitted"
    submitted_on = date(2026, 9, 1)


class ProgramFactory(factory.django.DjangoModelFactory):
    """A community Internal Medicine program (RULES §7 archetype a): graduates of the last
    5 years, first-attempt passes, Step 2 CK 220, J-1 only, no certificate by the rank
    deadline, US clinical experience preferred but not required."""

    class Meta:
        model = "residency.Program"

    nrmp_code = factory.Sequence(lambda n: f"{n % 10_000_000:07d}C0")
    name = factory.Sequence(lambda n: f"Lakeside Community Internal Medicine {n}")
    institution = "Lakeside Community Hospital"
    specialty = "IM"
    city = "Toledo"
    state = "OH"
    sponsors_j1 = True
    sponsors_h1b = False
    max_years_since_graduation = 5
    max_attempts_per_step = 1
    min_step2ck_score = 220
    min_usce_months = 3
    usce_is_hard = False
    certificate_by_rank_deadline = False
    criteria_source = "Program website (sample)"
    criteria_checked_on = date(2026, 8, 1)
    is_sample = True


class SavedProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "residency.SavedProgram"

    applicant = factory.SubFactory(ApplicantFactory)
    program = factory.SubFactory(ProgramFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """NRMP registration for the 2027 Match on the day it opened; J-1 needed."""

    class Meta:
        model = "residency.Registration"

    applicant = factory.SubFactory(ApplicantFactory)
    season = 2027
    nrmp_id = factory.Sequence(lambda n: f"{1_000_000 + n}")
    nrmp_registered_on = date(2026, 9, 15)
    visa_need = "j1"


class ResidencyApplicationFactory(factory.django.DjangoModelFactory):
    """A planned application to a program, for the 2027 Match."""

    class Meta:
        model = "residency.ResidencyApplication"

    applicant = factory.SubFactory(ApplicantFactory)
    season = 2027
    program = factory.SubFactory(ProgramFactory)
    status = "planned"


class DeadlineFactory(factory.django.DjangoModelFactory):
    """An applicant's own deadline, 30 days from now."""

    class Meta:
        model = "applicants.Deadline"

    applicant = factory.SubFactory(ApplicantFactory)
    source_key = factory.Sequence(lambda n: f"own:{n}")
    kind = "own"
    title = "Ask my dean for the letter"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    zone = "UTC"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applicants.Organisation"

    name = factory.Sequence(lambda n: f"IMG Office {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applicants.Membership"

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(AdvisorFactory)
    role = "advisor"


class ConsentFactory(factory.django.DjangoModelFactory):
    """The applicant shares their file with an organisation (assigned to nobody)."""

    class Meta:
        model = "applicants.Consent"

    applicant = factory.SubFactory(ApplicantFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    shared = factory.LazyFunction(lambda: ["everything listed"])


def confirm_email(client, email: str):
    """What following the link in the verification email does (allauth's confirm page)."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from django.urls import reverse

    key = EmailConfirmationHMAC(EmailAddress.objects.get(email=email)).key
    return client.post(reverse("account_confirm_email", args=[key]))
