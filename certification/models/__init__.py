"""ECFMG certification records: the ECFMG file, documents, exams, OET, pathways,
and the requirement sets (rules as data) the engine in rules.py evaluates.

The records and the documents have a module each, re-exported here, so importers (migrations
included) name `certification.models` only. The rules as data stay in this module: their
django-simple-history models are made in the module of the model they track, and only here
do they keep `certification.models` as their module (as `manage.py shell` expects)."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .. import rules
from ..rules.registry import kind_choices
from .documents import CredentialDocument, DocumentEvent, DocumentReview, private_upload_path
from .records import (
    ECFMG_ID,
    EcfmgRecord,
    ExamAttempt,
    MccAttempt,
    OetSitting,
    OwnedQuerySet,
    PathwayApplication,
    normalise_ecfmg_id,
    validate_oet_step,
)
from .versions import ImpactPreview, Reevaluation

__all__ = [
    "ECFMG_ID", "CredentialDocument", "DocumentEvent", "DocumentReview", "EcfmgRecord",
    "ExamAttempt", "ImpactPreview", "MccAttempt", "OetSitting", "OwnedQuerySet",
    "PathwayApplication", "Reevaluation", "Requirement", "RequirementSet",
    "RequirementSetQuerySet", "normalise_ecfmg_id", "private_upload_path", "validate_oet_step",
]


# Rules as data


class RequirementSetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RequirementSet.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=RequirementSet.Status.DRAFT)

    def due_for_publishing(self, today):
        """Drafts scheduled to take effect by `today` (certification.tasks.publish_due)."""
        return self.drafts().filter(publish_on__lte=today)


class RequirementSet(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", "Standard ECFMG Certificate"
        CANADA = "canada", "Canadian route (CaRMS R-1 for IMGs)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        # Replaced from its first day by a later version, or rolled back: judges nobody,
        # kept (and unchangeable) for the record.
        SUPERSEDED = "superseded", "Superseded"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CERTIFICATE)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(blank=True, help_text="Where the dates come from.")
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="copies", editable=False)
    # A draft scheduled to be published (certification.tasks.publish_due, daily).
    publish_on = models.DateField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What publishing changed on the set it closed, for a rollback to put back:
    # {"id": .., "effective_to": "YYYY-MM-DD" | None, "status": ..}.
    replaced = models.JSONField(default=dict, blank=True, editable=False)
    history = HistoricalRecords()

    objects = RequirementSetQuerySet.as_manager()
    # Not a column: on a copy that stands in for a later season with no set of its own
    # (certification.progress.applicable_set), the season it stands in for.
    derived_for = None

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "The end date is before the start date."})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def as_rule_set(self, requirements=None) -> rules.RuleSet:
        reqs = requirements if requirements is not None else self.requirements.all()
        return rules.RuleSet(
            code=self.code, name=self.name, effective_from=self.effective_from,
            effective_to=self.effective_to, note=self.note, derived_for=self.derived_for,
            kind=self.kind, requirements=tuple(r.as_requirement() for r in reqs),
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
    source_url = models.URLField("source link", max_length=300, blank=True)
    checked_on = models.DateField("source checked on", null=True, blank=True)
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
        if self.rule_set_id and rules.check_track(self.kind, self.rule_set.kind):
            raise ValidationError({"kind": rules.check_track(self.kind, self.rule_set.kind)})
        problems = rules.validate_params(self.kind, self.params)
        if problems:
            raise ValidationError({"params": problems})

    def as_requirement(self) -> rules.Requirement:
        return rules.Requirement(
            code=self.code, title=self.title, kind=self.kind, params=self.params,
            provenance=self.provenance, source=self.source, active=self.active,
        )
