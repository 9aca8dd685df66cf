from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Exists, JSONField, OuterRef, Value
from django_countries.fields import CountryField

from .. import rules


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an email address.

    Role says what they do here; staff (is_staff) are the admins who edit content.
    """

    class Role(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        ADVISOR = "advisor", "Advisor"

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.APPLICANT)
    welcome_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Claim-then-mark, as reminder deliveries: set (the claim) before the welcome is sent,
    # welcome_sent_at after the mail backend returns; a claim with no send after
    # applicants.welcome.STALE is taken again by the reminder sweep.
    welcome_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The bell's number, kept by applicants.notifications in the transaction that changes
    # it: the header shows it from request.user with no query of its own.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    def __str__(self) -> str:
        return self.email

    @property
    def is_applicant(self) -> bool:
        return self.role == self.Role.APPLICANT and not self.is_staff

    @property
    def is_advisor(self) -> bool:
        return self.role == self.Role.ADVISOR

    @property
    def sees_applicants(self) -> bool:
        """Staff who may see applicants' records: not the content editors (a group whose
        members edit content only; road migration 0001)."""
        return self.is_staff and self.has_perm("applicants.view_applicant")

    @property
    def needs_mfa(self) -> bool:
        """Advisors and staff see other people's data, so they must use MFA."""
        return self.is_advisor or self.is_staff

    @property
    def role_label(self) -> str:
        return "Admin" if self.is_staff else self.get_role_display()


class ApplicantQuerySet(models.QuerySet):
    def visible_to(self, user, memberships=None) -> "ApplicantQuerySet":
        """The applicants a user may see: their own profile; staff see all; an advisor sees
        their caseload (the applicants who share their file with the advisor's organisation
        and are assigned to them; a lead, every one of the organisation's). `memberships`:
        an advisor's, already read (Consent.objects.caseload_of)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all() if user.sees_applicants else self.none()
        if user.is_advisor:
            from .advising import Consent  # advising imports this module

            return self.filter(Exists(Consent.objects.caseload_of(user, memberships)
                                      .filter(applicant=OuterRef("pk"))))
        return self.filter(user=user)


class Applicant(models.Model):
    """An IMG's profile: who they are and where they studied."""

    class Accreditation(models.TextChoices):
        LCME = "LCME", "LCME (MD programme)"
        COCA = "COCA", "COCA (DO programme)"
        CACMS = "CACMS", "CACMS (Canada)"
        NONE = "NONE", "Not accredited / I don't know"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant"
    )
    legal_name = models.CharField(
        max_length=200, help_text="As on your passport and your medical diploma."
    )
    citizenships = CountryField(multiple=True, help_text="Every country you are a citizen of.")
    us_permanent_resident = models.BooleanField(
        "US permanent resident (green card)", default=False
    )
    canadian_citizen_or_pr = models.BooleanField(
        "Canadian citizen or permanent resident", default=False
    )
    school_country = CountryField("country of your medical school")
    # The school from the directory; with none, school_name is the applicant's own words
    # ("my school is not listed"), flagged for an advisor to check.
    school = models.ForeignKey(
        "directory.MedicalSchool", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    school_name = models.CharField("name of your medical school", max_length=300)
    school_accreditation = models.CharField(
        "accreditation (US and Canadian schools only)",
        max_length=10, choices=Accreditation.choices, blank=True,
    )
    graduation_date = models.DateField(
        help_text="The date on your diploma, or the date you expect to graduate."
    )
    time_zone = models.CharField(
        "your time zone", max_length=64, default="UTC",
        help_text="Deadlines are shown in your time zone, next to the official US Eastern time.",
    )
    # The Canadian route, for those who choose to track it (a profile setting).
    track_canada = models.BooleanField(
        "track the Canadian route (CaRMS)", default=False,
        help_text="Show your MCC exams and CaRMS eligibility beside the US road.")
    carms_match_year = models.PositiveSmallIntegerField(
        "CaRMS match year", null=True, blank=True,
        help_text="The year of the CaRMS R-1 match you aim for (its Match Day is in March).")
    canadian_prior_training = models.BooleanField(
        "postgraduate training in Canada or the US", default=False,
        help_text="You have done (or started) residency training in Canada or the US.")
    target_match_year = models.PositiveSmallIntegerField(
        "target Match season",
        help_text="The year of the Match Day (March) you aim for; training starts 1 July.",
    )
    # Progress summary, written whenever a record changes so lists sort and filter in SQL.
    cert_percent = models.PositiveSmallIntegerField("certificate progress (%)", default=0)
    cert_met = models.PositiveSmallIntegerField(default=0)
    cert_total = models.PositiveSmallIntegerField(default=0)
    cert_status = models.CharField(max_length=30, default="not_started")
    cert_blocking = models.JSONField(
        default=list, blank=True, help_text="Titles of the requirements that block."
    )
    # The words the dashboard shows (core.status.RoadWord), written by road.refresh.
    cert_word = models.CharField("certificate word", max_length=20, blank=True)
    match_status = models.CharField(max_length=20, blank=True)
    match_word = models.CharField("Match word", max_length=20, blank=True)
    match_problems = models.JSONField(
        default=list, blank=True, help_text="Why the Match is at risk or out of reach."
    )
    # The Canadian route's bar (road.summary), for those who track it; blank otherwise.
    canada_word = models.CharField("Canadian route word", max_length=20, blank=True)
    canada_percent = models.PositiveSmallIntegerField("Canadian route progress (%)", default=0)
    # The caseload's columns (road.summary RoadSummary.stored, road.flags): the IMG
    # category, the risk flags with their reasons and dates, the triage order (the most
    # blocking flag's rank and date), the next open deadline and the last change of records.
    # (Database defaults too: bulk SQL inserts, as the reminder benchmark's, need not name
    # them.)
    category = models.CharField(max_length=20, blank=True, db_default="")
    risk_flags = models.JSONField(default=list, blank=True, db_default=Value([], JSONField()))
    flag_codes = models.CharField(max_length=300, blank=True, db_default="",
                                  help_text="|code|code|: filtered with a contains lookup.")
    triage_rank = models.PositiveSmallIntegerField(db_default=99, default=99)
    triage_on = models.DateField(null=True, blank=True)
    next_deadline_on = models.DateField(null=True, blank=True)
    next_deadline_title = models.CharField(max_length=200, blank=True, db_default="")
    last_activity_at = models.DateTimeField(null=True, blank=True)
    progress_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicantQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["triage_rank", "triage_on", "next_deadline_on"],
                                name="applicant_triage")]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def school_not_listed(self) -> bool:
        return self.school_id is None and bool(self.school_name)

    @property
    def classification(self) -> rules.Classification:
        return rules.classify(
            school_country=self.school_country.code,
            accreditation=self.school_accreditation,
            graduation_date=self.graduation_date,
            citizenships=frozenset(c.code for c in self.citizenships),
            us_permanent_resident=self.us_permanent_resident,
        )
