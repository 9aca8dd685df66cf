"""The applicant's ECFMG file, exam attempts, OET sittings and Pathway applications."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from applicants.models import Applicant

from .. import rules
from ..rules import mcc
from ..rules.usmle import EXAM_LABELS


class OwnedQuerySet(models.QuerySet):
    """Records that belong to one applicant: the owner sees theirs, staff see all, an
    advisor those of the applicants in their caseload (Applicant.objects.visible_to)."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all() if user.sees_applicants else self.none()
        if user.is_advisor:
            return self.filter(applicant__in=Applicant.objects.visible_to(user))
        return self.filter(applicant__user=user)


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
            reason=self.decision_reason, season=self.season,
        )


class MccAttempt(models.Model):
    """One sitting of a Medical Council of Canada exam, for the Canadian route."""

    class Exam(models.TextChoices):
        MCCQE1 = mcc.MCCQE1, mcc.EXAM_LABELS[mcc.MCCQE1]
        NAC = mcc.NAC, mcc.EXAM_LABELS[mcc.NAC]

    class Outcome(models.TextChoices):  # mcc.OUTCOME_LABELS
        PENDING = "pending", mcc.OUTCOME_LABELS["pending"]
        PASS = "pass", mcc.OUTCOME_LABELS["pass"]
        FAIL = "fail", mcc.OUTCOME_LABELS["fail"]
        DENIED_STANDING = "denied_standing", mcc.OUTCOME_LABELS["denied_standing"]
        NO_STANDING = "no_standing", mcc.OUTCOME_LABELS["no_standing"]

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE,
                                  related_name="mcc_attempts")
    exam = models.CharField(max_length=10, choices=Exam.choices)
    test_date = models.DateField(help_text="The day you sat the exam, or the day booked.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default="pending")
    result_date = models.DateField(
        null=True, blank=True,
        help_text="The day MCC released the result (a fourth MCCQE Part I attempt waits a "
                  "year from the third result).")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["exam", "test_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_exam_display()} {self.test_date}"

    def as_facts(self) -> rules.MccAttemptFacts:
        return rules.MccAttemptFacts(exam=self.exam, test_date=self.test_date,
                                     outcome=self.outcome or None,
                                     result_date=self.result_date)
