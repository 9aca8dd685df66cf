from datetime import date

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from applicants.models import Applicant, User
from applicants.services import save_profile

DEMO_PASSWORD = "demo-password-2026"
DEMO_SCHOOL = "University of Lagos College of Medicine"
ACCOUNTS = [
    ("applicant@example.com", User.Role.APPLICANT, False),
    ("advisor@example.com", User.Role.ADVISOR, False),
    ("admin@example.com", User.Role.APPLICANT, True),
]


class Command(BaseCommand):
    help = "Create demo accounts (an applicant, an advisor, an admin); safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        for email, role, staff in ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"role": role, "is_staff": staff, "is_superuser": staff}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        applicant = User.objects.get(email="applicant@example.com")
        profile, _ = Applicant.objects.get_or_create(user=applicant, defaults=dict(
            legal_name="Amara Okafor", citizenships=["NG"], school_country="NG",
            school_name=DEMO_SCHOOL,
            graduation_date=date(2022, 7, 15), target_match_year=2028,
        ))
        if profile.school is None and profile.school_name == DEMO_SCHOOL:  # also on a re-run
            save_profile(user=applicant, data={"school": _demo_school()}, applicant=profile)
        _demo_programs()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, role, staff in ACCOUNTS:
            mfa = role == User.Role.ADVISOR or staff
            note = " (sets up two-factor sign-in at first login)" if mfa else ""
            self.stdout.write(f"  {email}{note}")


def _demo_school():
    """The demo school from the directory, imported from the sample if the directory is empty."""
    # Imported here: the demo composes both apps, applicants itself does not use certification.
    from certification.models import MedicalSchool
    from certification.services.schools import import_sample_schools

    if not MedicalSchool.objects.exists():
        import_sample_schools()
    return MedicalSchool.objects.filter(name=DEMO_SCHOOL, country="NG").first()


def _demo_programs() -> None:
    """The invented sample program directory, imported if there are no programs yet."""
    from residency.models import Program
    from residency.services.programs import import_sample_programs

    if not Program.objects.exists():
        import_sample_programs()
