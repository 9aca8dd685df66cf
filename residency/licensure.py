"""US state licensure limits (a table admins keep, with where each row comes from and when
it was checked) and the states an applicant chose to follow. The rules that read them are
residency/rules/licensure.py; re-exported by residency.models."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from applicants.models import Applicant
from certification.models import OwnedQuerySet

from .rules.licensure import CLOCKS, FIRST_PASS, StateLimits
from .states import STATE_CHOICES, US_STATES


class StateLicensureLimit(models.Model):
    """One state's limits on the USMLE sequence, as its medical board sets them."""

    class Clock(models.TextChoices):
        FIRST_PASS = FIRST_PASS, "From the first Step passed"
        FIRST_ATTEMPT = "first_attempt", "From the first Step attempted"

    class Provenance(models.TextChoices):
        VERIFIED = "verified", "Verified with the state board"
        THIRD_PARTY = "third_party", "Third-party source"
        SAMPLE = "sample", "Sample value, not checked"

    state = models.CharField(max_length=2, choices=STATE_CHOICES, unique=True)
    years_limit = models.PositiveSmallIntegerField(
        "years to pass every Step", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Empty: no time limit on record.")
    clock = models.CharField("the years count", max_length=15, choices=Clock.choices,
                             default=Clock.FIRST_PASS)
    attempts_per_step = models.PositiveSmallIntegerField(
        "attempts allowed per Step", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Step 1 and Step 2 CK (and Step 3 unless set below). Empty: no cap on record.")
    step3_attempts = models.PositiveSmallIntegerField(
        "attempts allowed for Step 3", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)])
    training_years = models.DecimalField(
        "postgraduate training an IMG needs (years)", max_digits=3, decimal_places=1,
        null=True, blank=True)
    provenance = models.CharField(max_length=12, choices=Provenance.choices,
                                  default=Provenance.SAMPLE)
    source = models.CharField(max_length=300)
    checked_on = models.DateField("checked on")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["state"]

    def __str__(self) -> str:
        return f"{US_STATES.get(self.state, self.state)} licensure limits"

    @property
    def name(self) -> str:
        return US_STATES.get(self.state, self.state)

    @property
    def clock_phrase(self) -> str:
        """When the years start, in words: "the first Step passed"."""
        return CLOCKS.get(self.clock, self.clock)

    def as_limits(self) -> StateLimits:
        return StateLimits(
            state=self.state, name=self.name, years=self.years_limit, clock=self.clock,
            attempts_per_step=self.attempts_per_step, step3_attempts=self.step3_attempts,
            training_years=float(self.training_years) if self.training_years is not None
            else None)


class LicensureStateChoice(models.Model):
    """A state the applicant follows: the licensure page shows its Step 3 date."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE,
                                  related_name="licensure_states")
    state = models.CharField(max_length=2, choices=STATE_CHOICES)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["state"]
        constraints = [models.UniqueConstraint(fields=["applicant", "state"],
                                               name="unique_licensure_state_choice")]

    def __str__(self) -> str:
        return f"{self.applicant}: {US_STATES.get(self.state, self.state)}"


__all__ = ["CLOCKS", "LicensureStateChoice", "StateLicensureLimit"]
