"""Credential documents (diploma, transcripts, ...) and their verification history."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from applicants.models import Applicant
from directory.models import MedicalSchool

from .records import OwnedQuerySet


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
    rejection_reason = models.TextField(blank=True)  # the reason ECFMG gave, when rejected
    # The day ECFMG answered (verified or rejected), as the applicant recorded it; the day
    # it was recorded is the event's. The applicant records ECFMG's answer: staff and
    # advisors check the upload (DocumentReview), never ECFMG's verdict.
    ecfmg_answered_on = models.DateField(null=True, blank=True)
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
    # What an advisor asked to change before the document is sent (their latest review said
    # "needs changes"); cleared by a "looks right" review and when the document is sent.
    advisor_request = models.TextField(blank=True)
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


class DocumentReview(models.Model):
    """Our own check of an upload, apart from ECFMG's verification (which stays what the
    applicant records): an advisor's look before the applicant sends it (organisation set),
    or IMG Path staff's check that the file is readable and the right document
    (organisation empty). It looks right, or it needs changes, with the reason the
    applicant reads. Optional; it never sets ECFMG's answer."""

    class Verdict(models.TextChoices):
        LOOKS_RIGHT = "looks_right", "Looks right"
        NEEDS_CHANGES = "needs_changes", "Needs changes"

    document = models.ForeignKey(CredentialDocument, on_delete=models.CASCADE,
                                 related_name="reviews")
    organisation = models.ForeignKey("applicants.Organisation", on_delete=models.CASCADE,
                                     related_name="+", null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.document}"

    @property
    def by_staff(self) -> bool:
        return self.organisation_id is None

    @property
    def reviewer_name(self) -> str:
        """Who checked it, as the applicant reads it."""
        return self.organisation.name if self.organisation_id else "IMG Path staff"
