"""ECFMG certification records: schools, the ECFMG file, documents, exams, OET, pathways,
and the requirement sets (rules as data) the engine in certification.rules evaluates."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from applicants.models import Applicant

from . import rules
from .rules.registry import kind_choices
from .rules.usmle import EXAM_LABELS


class OwnedQuerySet(models.QuerySet):
    """Records that belong to one applicant: the owner sees theirs, staff see all."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(applicant__user=user)


class MedicalSchoolQuerySet(models.QuerySet):
    def search(self, text: str):
        words = text.split()
        query = Q()
        for word in words:
            query &= Q(name__icontains=word) | Q(city__icontains=word) | Q(wdoms_id__iexact=word)
        return self.filter(query) if words else self.none()


class MedicalSchool(models.Model):
    """A school as listed in the World Directory of Medical Schools."""

    class Accreditation(models.TextChoices):
        LCME = "LCME", "LCME"
        COCA = "COCA", "COCA"
        CACMS = "CACMS", "CACMS"

    name = models.CharField(max_length=300)
    country = CountryField()
    city = models.CharField(max_length=120, blank=True)
    wdoms_id = models.CharField(
        "World Directory id", max_length=20, unique=True,
        validators=[RegexValidator(r"^F\d{7}$", "A World Directory id looks like F0000123.")],
    )
    sponsor_note = models.BooleanField(
        "ECFMG sponsor note", default=False,
        help_text="The World Directory record carries an ECFMG sponsor note.",
    )
    note_from_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First graduation year the note covers (blank: any)."
    )
    note_to_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last graduation year covered (blank: 'Current')."
    )
    note_years_are_sample = models.BooleanField(
        default=False, help_text="The note's years are sample values, not checked."
    )
    accreditation = models.CharField(
        max_length=10, choices=Accreditation.choices, blank=True,
        help_text="US and Canadian schools only.",
    )

    objects = MedicalSchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self) -> str:
        return f"{self.name}, {self.city or self.country.name}"

    def clean(self) -> None:
        if self.note_from_year and self.note_to_year and self.note_to_year < self.note_from_year:
            raise ValidationError({"note_to_year": "The last year is before the first year."})
        if self.accreditation and self.country.code not in {"US", "CA"}:
            raise ValidationError({"accreditation": "Only US and Canadian schools carry one."})

    def as_facts(self) -> rules.SchoolFacts:
        return rules.SchoolFacts(
            name=self.name, wdoms_listed=True, sponsor_note=self.sponsor_note,
            note_from_year=self.note_from_year, note_to_year=self.note_to_year,
        )


ECFMG_ID = RegexValidator(
    r"^\d-\d{3}-\d{3}-\d$",
    "An ECFMG/USMLE identification number has 8 digits written 0-123-456-7.",
)


def normalise_ecfmg_id(value: str) -> str:
    """Accept 01234567 or 0-123-456-7 and store the dashed form."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 8:
        return value
    return f"{digits[0]}-{digits[1:4]}-{digits[4:7]}-{digits[7]}"


class EcfmgRecord(models.Model):
    """The applicant's file with ECFMG: identity, application, certificate."""

    class AccountStatus(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        PENDING = "pending", "Identity verification pending"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    class ApplicationStatus(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    applicant = models.OneToOneField(Applicant, on_delete=models.CASCADE, related_name="ecfmg")
    ecfmg_id = models.CharField(
        "ECFMG/USMLE ID", max_length=11, blank=True, validators=[ECFMG_ID]
    )
    account_status = models.CharField(
        "MyIntealth account", max_length=20, choices=AccountStatus.choices,
        default=AccountStatus.NOT_STARTED,
    )
    account_verified_on = models.DateField(null=True, blank=True)
    application_status = models.CharField(
        "application for certification", max_length=20, choices=ApplicationStatus.choices,
        default=ApplicationStatus.NOT_STARTED,
    )
    application_submitted_on = models.DateField(null=True, blank=True)
    application_decided_on = models.DateField(null=True, blank=True)
    certificate_issued_on = models.DateField(null=True, blank=True)
    certificate_number = models.CharField(max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"ECFMG file of {self.applicant}"


def private_upload_path(instance, filename: str) -> str:
    # Server-generated name: the uploader's file name never reaches the file system.
    return f"documents/{instance.applicant_id}/{uuid.uuid4().hex}"


class CredentialDocument(models.Model):
    class Type(models.TextChoices):
        DIPLOMA = "DIPLOMA", "Final diploma"
        FINAL_TRANSCRIPT = "FINAL_TRANSCRIPT", "Final transcript"
        TRANSLATION = "TRANSLATION", "English translation"
        IDENTITY = "IDENTITY", "Identity document"
        NAME_CHANGE = "NAME_CHANGE", "Name-change evidence"
        OTHER = "OTHER", "Other"

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        SENT = "sent", "Sent for verification"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"
        RESUBMITTED = "resubmitted", "Re-submitted"

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(max_length=20, choices=Type.choices)
    title = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=private_upload_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=State.choices, default=State.UPLOADED)
    state_changed_on = models.DateField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    # Transcripts: the credit they carry and the school that granted it (transfer credits).
    credit_years = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    granting_school = models.ForeignKey(
        MedicalSchool, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transferred = models.BooleanField(
        default=False, help_text="Credit transferred into the school that granted the degree."
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title or self.get_type_display()


class DocumentEvent(models.Model):
    """One change of a document's verification state: who, when, why."""

    document = models.ForeignKey(
        CredentialDocument, on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or 'new'} -> {self.to_state}"


class ExamAttempt(models.Model):
    class Exam(models.TextChoices):
        STEP1 = "STEP1", f"USMLE {EXAM_LABELS['STEP1']}"
        STEP2CK = "STEP2CK", f"USMLE {EXAM_LABELS['STEP2CK']}"
        STEP3 = "STEP3", f"USMLE {EXAM_LABELS['STEP3']}"
        STEP2CS = "STEP2CS", f"USMLE {EXAM_LABELS['STEP2CS']} (discontinued)"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Result pending"
        PASS = "pass", "Passed"
        FAIL = "fail", "Failed"
        INCOMPLETE = "incomplete", "Incomplete"

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="exams")
    exam = models.CharField(max_length=10, choices=Exam.choices)
    eligibility_start = models.DateField(null=True, blank=True)
    eligibility_end = models.DateField(null=True, blank=True)
    scheduled_date = models.DateField(null=True, blank=True)
    test_date = models.DateField(null=True, blank=True)
    result_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    outcome_derived = models.BooleanField(
        default=False, editable=False,
        help_text="The applicant left the outcome empty: it is worked out from the score and "
                  "the pass mark in force on the test date, and follows edits to the marks.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["exam", "test_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_exam_display()} {self.test_date or '(not taken)'}"

    def as_facts(self) -> rules.ExamAttemptFacts:
        return rules.ExamAttemptFacts(
            exam=self.exam, test_date=self.test_date, outcome=self.outcome or None,
            score=self.score, eligibility_start=self.eligibility_start,
            eligibility_end=self.eligibility_end, scheduled_date=self.scheduled_date,
        )


def validate_oet_step(value) -> None:
    if value is not None and value % 10:
        raise ValidationError("OET scores go in steps of 10 (e.g. 350).")


def _oet_score(label: str):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(500), validate_oet_step],
    )


class OetSitting(models.Model):
    """One OET Medicine sitting: its four sub-test scores belong together."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="oet_sittings")
    test_date = models.DateField()
    result_date = models.DateField(null=True, blank=True)
    listening = _oet_score("Listening")
    reading = _oet_score("Reading")
    writing = _oet_score("Writing")
    speaking = _oet_score("Speaking")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-test_date"]

    def __str__(self) -> str:
        return f"OET Medicine {self.test_date}"

    def as_facts(self) -> rules.OetSittingFacts:
        return rules.OetSittingFacts(
            test_date=self.test_date, listening=self.listening, reading=self.reading,
            writing=self.writing, speaking=self.speaking,
        )


class PathwayApplication(models.Model):
    class Pathway(models.TextChoices):
        P1 = "1", "Pathway 1: licensure"
        P2 = "2", "Pathway 2: OSCE for licensure"
        P3 = "3", "Pathway 3: WFME-accredited school"
        P4 = "4", "Pathway 4: NCFMEA-recognised school"
        P5 = "5", "Pathway 5: joint degree with a US school"
        P6 = "6", "Pathway 6: Mini-CEX"
        REVALIDATION = "REVALIDATION", "Pathways revalidation"

    class Status(models.TextChoices):
        PREPARING = "preparing", "Preparing"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="pathways")
    pathway = models.CharField(max_length=12, choices=Pathway.choices)
    season = models.PositiveSmallIntegerField(help_text="The Match season it is for.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREPARING)
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    valid_through = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    evidence_notes = models.TextField(blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-season", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_pathway_display()} ({self.season})"

    def as_facts(self) -> rules.PathwayFacts:
        status = {"preparing": "draft"}.get(self.status, self.status)
        return rules.PathwayFacts(
            pathway=self.pathway, status=status,
            status_date=self.decided_on or self.submitted_on, valid_through=self.valid_through,
            reason=self.decision_reason,
        )


# Rules as data


class RequirementSetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RequirementSet.Status.PUBLISHED)


class RequirementSet(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", "Standard ECFMG Certificate"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CERTIFICATE)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(blank=True, help_text="Where the dates come from.")
    history = HistoricalRecords()

    objects = RequirementSetQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "The end date is before the start date."})

    def as_rule_set(self, requirements=None) -> rules.RuleSet:
        reqs = requirements if requirements is not None else self.requirements.all()
        return rules.RuleSet(
            code=self.code, name=self.name, effective_from=self.effective_from,
            effective_to=self.effective_to, note=self.note,
            requirements=tuple(r.as_requirement() for r in reqs),
        )


class Requirement(models.Model):
    class Provenance(models.TextChoices):
        VERIFIED = "verified", "Verified official source"
        THIRD_PARTY = "third_party", "Third-party source"
        DERIVED = "derived", "Derived, needs confirming"

    rule_set = models.ForeignKey(
        RequirementSet, on_delete=models.CASCADE, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    help_text = models.TextField(blank=True, help_text="Markdown.")
    # Callable choices, read from the registry when Django asks: a new kind needs no migration.
    kind = models.CharField(max_length=40, choices=kind_choices)
    params = models.JSONField(default=dict, blank=True)
    provenance = models.CharField(
        max_length=12, choices=Provenance.choices, default=Provenance.VERIFIED
    )
    source = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rule_set", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="unique_requirement_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def clean(self) -> None:
        problems = rules.validate_params(self.kind, self.params)
        if problems:
            raise ValidationError({"params": problems})

    def as_requirement(self) -> rules.Requirement:
        return rules.Requirement(
            code=self.code, title=self.title, kind=self.kind, params=self.params,
            provenance=self.provenance, source=self.source, active=self.active,
        )
