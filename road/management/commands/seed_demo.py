"""The demo road: accounts, and Amara's records in every app (`make run` calls this)."""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from applicants.models import Applicant, User
from applicants.services import save_profile
from certification.models import (
    CredentialDocument,
    EcfmgRecord,
    ExamAttempt,
    MccAttempt,
    OetSitting,
)
from certification.services import documents, records
from core import clock
from directory.models import MedicalSchool
from directory.services import import_sample_schools
from residency.models import LicensureStateChoice, Program, Registration, VisaNeed
from residency.services.licensure import save_followed_states
from residency.services.match import save_registration
from residency.services.programs import import_sample_programs, save_program

from ._demo_caseload import LEAD, seed_caseload

DEMO_PASSWORD = "demo-password-2026"
DEMO_SCHOOL = "University of Lagos College of Medicine"
ACCOUNTS = [
    ("applicant@example.com", User.Role.APPLICANT, False),
    ("advisor@example.com", User.Role.ADVISOR, False),
    ("admin@example.com", User.Role.APPLICANT, True),
    ("editor@example.com", User.Role.APPLICANT, True),
]
# Staff, not superuser: rule sets, seasons, directories and help pages; no applicant data.
CONTENT_EDITOR = "editor@example.com"
CONTENT_EDITORS = "Content editors"  # the group road migration 0001 sets up


class Command(BaseCommand):
    help = ("Create demo accounts (an applicant, an advisor, an admin, a content editor); "
            "safe to run twice.")

    @transaction.atomic
    def handle(self, *args, **options):
        for email, role, staff in ACCOUNTS:
            editor = email == CONTENT_EDITOR
            user, created = User.objects.get_or_create(email=email, defaults={
                "role": role, "is_staff": staff, "is_superuser": staff and not editor})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if editor:
                user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        applicant = User.objects.get(email="applicant@example.com")
        profile, _ = Applicant.objects.get_or_create(user=applicant, defaults=dict(
            legal_name="Amara Okafor", citizenships=["NG"], school_country="NG",
            school_name=DEMO_SCHOOL,
            graduation_date=date(2022, 7, 15), target_match_year=2028,
            time_zone="Africa/Lagos",
        ))
        if profile.school is None and profile.school_name == DEMO_SCHOOL:  # also on a re-run
            save_profile(user=applicant, data={"school": _demo_school()}, applicant=profile)
        _demo_programs()
        _demo_records(profile)
        organisation = seed_caseload(advisor=User.objects.get(email="advisor@example.com"),
                                     amara=profile, password=DEMO_PASSWORD,
                                     pdf=_blank_pdf())
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, role, staff in ACCOUNTS:
            mfa = role == User.Role.ADVISOR or staff
            note = " (sets up two-factor sign-in at first login)" if mfa else ""
            if email == CONTENT_EDITOR:
                note += ": edits content, sees no applicant's data"
            self.stdout.write(f"  {email}{note}")
        self.stdout.write(f"  {LEAD} (lead of {organisation.name}; two-factor sign-in too)")


def _demo_school():
    """The demo school from the directory, imported from the sample if the directory is empty."""
    if not MedicalSchool.objects.exists():
        import_sample_schools()
    return MedicalSchool.objects.filter(name=DEMO_SCHOOL, country="NG").first()


def _demo_programs() -> None:
    """The invented sample program directory, imported if there are no programs yet."""
    if not Program.objects.exists():
        import_sample_programs()


# Three saved programs from the sample directory: two she can match at, and one whose
# graduation-year cut-off (at most 5 years before the Match) rules her out.
DEMO_SAVED_PROGRAMS = ("9013140C0", "9018140C0", "9001140C0")


def _demo_records(applicant: Applicant) -> None:
    """Amara's road so far, written through the services so her progress is up to date.
    Each record is added only when she has none of its kind: a re-run adds nothing."""
    today = clock.today()
    if not EcfmgRecord.objects.filter(applicant=applicant).exists():
        records.save_ecfmg_record(applicant=applicant, data=dict(
            ecfmg_id="0-912-345-6", account_status="verified",
            account_verified_on=date(2025, 9, 2), application_status="accepted",
            application_submitted_on=date(2025, 9, 10), application_decided_on=date(2025, 10, 1),
        ))
    exams = set(ExamAttempt.objects.filter(applicant=applicant).values_list("exam", flat=True))
    if "STEP1" not in exams:
        records.save_exam_attempt(applicant=applicant, data=dict(
            exam="STEP1", test_date=date(2025, 4, 14), result_date=date(2025, 5, 7),
            outcome="pass"))
    if "STEP2CK" not in exams:  # booked: test day in six weeks, inside its eligibility period
        records.save_exam_attempt(applicant=applicant, data=dict(
            exam="STEP2CK", eligibility_start=today - timedelta(days=30),
            eligibility_end=today + timedelta(days=60),
            scheduled_date=today + timedelta(days=42)))
    if not OetSitting.objects.filter(applicant=applicant).exists():
        for day, writing in ((date(2025, 3, 8), 290), (date(2025, 6, 21), 330)):
            records.save_oet_sitting(applicant=applicant, data=dict(
                test_date=day, result_date=day + timedelta(days=12), listening=370,
                reading=380, writing=writing, speaking=400))
    if not CredentialDocument.objects.filter(applicant=applicant, type="DIPLOMA").exists():
        diploma = documents.upload_document(
            applicant=applicant, by=applicant.user, type="DIPLOMA",
            file=ContentFile(_blank_pdf(), name="diploma.pdf"))
        documents.send_document(diploma, by=applicant.user)
        documents.record_ecfmg_answer(diploma, by=applicant.user, answer="verified",
                                      answered_on=clock.today())
    season = applicant.target_match_year
    if not Registration.objects.filter(applicant=applicant, season=season).exists():
        save_registration(applicant=applicant, season=season,
                          data={"visa_need": VisaNeed.J1})
    for program in Program.objects.filter(nrmp_code__in=DEMO_SAVED_PROGRAMS):
        save_program(applicant=applicant, program=program)  # saving twice keeps one row
    _demo_canada(applicant)


def _demo_canada(applicant: Applicant) -> None:
    """Amara, a permanent resident of Canada, also tracks the Canadian route: MCCQE Part I
    passed, a NAC attempt failed and the next one (a session skipped) awaiting its result;
    and she follows two states' licensure limits."""
    if not applicant.track_canada:
        save_profile(user=applicant.user, applicant=applicant, data=dict(
            track_canada=True, carms_match_year=2027, canadian_citizen_or_pr=True))
    if not MccAttempt.objects.filter(applicant=applicant).exists():
        for exam, day, outcome, result in (
                ("MCCQE1", date(2025, 8, 20), "pass", date(2025, 10, 2)),
                ("NAC", date(2025, 9, 13), "fail", date(2025, 11, 21)),
                ("NAC", date(2026, 9, 12), "pending", None)):
            records.save_mcc_attempt(applicant=applicant, data=dict(
                exam=exam, test_date=day, outcome=outcome, result_date=result))
    if not LicensureStateChoice.objects.filter(applicant=applicant).exists():
        save_followed_states(applicant=applicant, data={"states": ["AL", "CA"]})


def _blank_pdf() -> bytes:
    """A one-page blank PDF: the demo diploma."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
