"""Advising organisations: their members (leads and advisors), the invitations that bring
people in, the applicants' consents (what they share with which organisation, revocable),
the notes advisors write and the caseload filters they save."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from .people import Applicant

# What an applicant shares with an organisation, shown word for word before they consent
# and stored with the consent (what they agreed to).
SHARED = (
    "Your profile: name, email address, citizenships, medical school, graduation date and "
    "target Match season",
    "Your ECFMG file, USMLE attempts, OET sittings and Pathway applications",
    "Your documents (diploma, transcripts, translations, identity documents): the advisors "
    "can open and download them",
    "Your NRMP and ERAS registration and your residency applications",
    "Your progress, deadlines and what puts your road at risk",
)


def invitation_code() -> str:
    """Short enough to read out or type, long enough not to be guessed."""
    return secrets.token_urlsafe(9)


class Organisation(models.Model):
    """An IMG office of a university or an advising agency."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        ADVISOR = "advisor", "Advisor"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ADVISOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user__email"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"],
                                               name="membership_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


class Invitation(models.Model):
    """A link or code: for an advisor, to join the organisation's team (once); for
    applicants, to share their file with the organisation (any number of applicants, each
    assigned to `advisor` if set), until it is withdrawn."""

    class Kind(models.TextChoices):
        ADVISOR = "advisor", "Advisor joins the team"
        APPLICANT = "applicant", "Applicant shares their file"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(max_length=20, unique=True, default=invitation_code)
    email = models.EmailField(blank=True, help_text="Advisor invitations: who it is for.")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                help_text="Applicants who join by this code are assigned "
                                          "to this advisor.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation}"

    @property
    def open(self) -> bool:
        if self.withdrawn_at:
            return False
        return self.kind == self.Kind.APPLICANT or self.used_at is None


class ConsentQuerySet(models.QuerySet):
    def active(self) -> "ConsentQuerySet":
        return self.filter(revoked_at__isnull=True)

    def caseload_of(self, user, memberships=None) -> "ConsentQuerySet":
        """The active consents whose file `user` may open: as a lead, every one of their
        organisation; as an advisor, those assigned to them in an organisation they are
        still a member of. `memberships`: the user's, when the caller has read them in this
        request (sharing.selectors.memberships); their organisation ids then go into the
        SQL as values, so that PostgreSQL estimates from the column's statistics what it
        must guess for a subquery (README, Caseload). The same set either way."""
        if not user.is_authenticated or not user.is_advisor:
            return self.none()
        if memberships is not None:
            own = [m for m in memberships if m.user_id == user.pk]
            led = [m.organisation_id for m in own if m.is_lead]
            advised = [m.organisation_id for m in own if not m.is_lead]
            if not own:
                return self.none()
            return self.active().filter(Q(organisation_id__in=led)
                                        | Q(organisation_id__in=advised, advisor=user))
        member_of = Membership.objects.filter(user=user)
        # Read as: in one of their organisations, and there a lead or the assigned advisor
        # (lead organisations are among their organisations). The first condition stands
        # alone so that PostgreSQL answers it from the consent_caseload index.
        return self.active().filter(
            Q(organisation__in=member_of.values("organisation")),
            Q(organisation__in=member_of.filter(role=Membership.Role.LEAD)
              .values("organisation")) | Q(advisor=user))


class Consent(models.Model):
    """An applicant's explicit agreement to share their file with one organisation, until
    they revoke it. Revoking keeps the row (the history of who could see what); sharing
    again makes a new one."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="consents")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="assigned_consents")
    shared = models.JSONField(default=list, help_text="What the applicant agreed to share, "
                                                      "as it was shown to them.")
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["applicant", "organisation"],
                                               condition=Q(revoked_at__isnull=True),
                                               name="consent_one_active")]
        indexes = [models.Index(fields=["organisation", "advisor"], name="consent_caseload",
                                condition=Q(revoked_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.organisation}"


class NoteQuerySet(models.QuerySet):
    def for_file(self, user, applicant: Applicant, memberships=None) -> "NoteQuerySet":
        """The notes of `applicant` that `user` may read: an advisor reads those of the
        organisations through which the applicant shares their file with them (private and
        shared); the applicant reads the shared ones. `memberships`: as for caseload_of."""
        if not user.is_authenticated:
            return self.none()
        if user.is_advisor:
            orgs = Consent.objects.caseload_of(user, memberships).filter(applicant=applicant)
            return self.filter(applicant=applicant, organisation__in=orgs.values("organisation"))
        return self.filter(applicant=applicant, applicant__user=user, shared=True)


class Note(models.Model):
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(max_length=4000)
    shared = models.BooleanField(default=False, help_text="The applicant sees it.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class SavedFilter(models.Model):
    """A caseload view an advisor named: the query string of its filters and sort."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="saved_filters")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"],
                                               name="saved_filter_name_once")]

    def __str__(self) -> str:
        return self.name
