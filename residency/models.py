"""Match seasons, the program directory, registrations, applications and saved programs."""

from dataclasses import replace
from datetime import date

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from simple_history.models import HistoricalRecords

from applicants.models import Applicant
from certification.models import OwnedQuerySet
from core import road
from core.text import searchable

from . import calendar, facts
from .fit_filters import known_hard_misses
from .rules import ApplicantFitFacts

# The dated events of a season, in the order an admin reads them; spans have an end column.
SEASON_KEYS = (
    "programs_register", "eras_opens", "eras_applicants_submit", "nrmp_registration_opens",
    "eras_programs_review", "pathways_deadline", "standard_registration_deadline",
    "ranking_opens", "rol_deadline", "match_week", "soap", "match_day", "eras_ends",
    "training_starts",
)
SPANS = ("match_week", "soap")
PROVENANCES = [("verified", "Verified official"), ("third_party", "Third-party"),
               ("derived", "Derived, needs confirming")]


class MatchSeasonQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=MatchSeason.Status.CONFIRMED)


class MatchSeason(models.Model):
    """One Match season's calendar (Match Day in March of `year`), dates in US Eastern."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed (derived, awaiting an admin)"
        CONFIRMED = "confirmed", "Confirmed by an admin"

    year = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(2000)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    time_zone = models.CharField(max_length=40, default=calendar.EASTERN)
    programs_register = models.DateField(null=True, blank=True)
    eras_opens = models.DateField("ERAS season opens")
    eras_applicants_submit = models.DateField("applicants may submit in ERAS")
    nrmp_registration_opens = models.DateField("NRMP applicant registration opens")
    eras_programs_review = models.DateField("programs may review ERAS applications")
    pathways_deadline = models.DateField("ECFMG Pathways deadline", null=True, blank=True)
    standard_registration_deadline = models.DateField("NRMP standard registration deadline")
    ranking_opens = models.DateField()
    rol_deadline = models.DateField("rank order list certification deadline (9 pm ET)")
    match_week = models.DateField("Match Week starts")
    match_week_end = models.DateField("Match Week ends")
    soap = models.DateField("SOAP starts")
    soap_end = models.DateField("SOAP ends")
    match_day = models.DateField()
    eras_ends = models.DateField("ERAS season ends (5 pm ET)")
    training_starts = models.DateField("training starts")
    provenance = models.JSONField(
        default=dict, blank=True,
        help_text='Per date: "verified", "third_party" or "derived", e.g. {"match_day": '
                  '"verified"}. Dates not listed are derived.',
    )
    # Per confirmed date: {"source": "NRMP Match calendar", "url": "...", "checked_on": ISO}.
    sources = models.JSONField(default=dict, blank=True, editable=False)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MatchSeasonQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} Match"

    def save(self, *args, **kwargs) -> None:
        """Saved (the admin, propose_season, any code): once the change commits, the
        applicants aiming at this season are re-evaluated, since their Match checks and
        certificate rule set follow its dates. loaddata saves rows without calling this."""
        super().save(*args, **kwargs)
        road.refresh_all(self.year)

    def delete(self, *args, **kwargs):
        year = self.year
        deleted = super().delete(*args, **kwargs)
        road.refresh_all(year)
        return deleted

    def clean(self) -> None:
        allowed = {value for value, _ in PROVENANCES}
        wrong = {k: v for k, v in (self.provenance or {}).items()
                 if k not in SEASON_KEYS or v not in allowed}
        if wrong:
            raise ValidationError({"provenance": f"Unknown dates or provenance: {wrong}"})
        if self.match_day and self.rol_deadline and self.rol_deadline >= self.match_day:
            raise ValidationError({"rol_deadline": "The ROL deadline comes before Match Day."})

    @classmethod
    def from_derived(cls, year: int) -> "MatchSeason":
        """An unsaved, proposed season with every date derived from the rules."""
        derived = calendar.derive_season(year)
        season = cls(year=year, status=cls.Status.PROPOSED)
        for key in SEASON_KEYS:
            event = getattr(derived, key)
            if event is None:
                continue
            setattr(season, key, event.on)
            if key in SPANS:
                setattr(season, f"{key}_end", event.ends_on)
        return season

    def as_season_dates(self) -> calendar.SeasonDates:
        """The engine's view: stored dates, with the rules' clock times and labels."""
        derived = calendar.derive_season(self.year)
        changes = {}
        for key in SEASON_KEYS:
            event, on = getattr(derived, key), getattr(self, key)
            if event is None or on is None:
                changes[key] = None if on is None else calendar.SeasonDate(
                    key, key.replace("_", " ").capitalize(), on, tz=self.time_zone,
                    provenance=self.provenance.get(key, "derived"))
                continue
            end = getattr(self, f"{key}_end") if key in SPANS else None
            changes[key] = replace(event, on=on, ends_on=end, tz=self.time_zone,
                                   provenance=self.provenance.get(key, "derived"))
        return replace(derived, **changes)


class Specialty(models.TextChoices):
    INTERNAL_MEDICINE = "IM", "Internal Medicine"
    FAMILY_MEDICINE = "FM", "Family Medicine"
    PEDIATRICS = "PEDS", "Pediatrics"
    PSYCHIATRY = "PSYCH", "Psychiatry"
    NEUROLOGY = "NEURO", "Neurology"
    PATHOLOGY = "PATH", "Pathology"
    RADIOLOGY = "RAD", "Diagnostic Radiology"
    GENERAL_SURGERY = "SURG", "General Surgery"
    ANESTHESIOLOGY = "ANES", "Anesthesiology"
    OBGYN = "OBGYN", "Obstetrics and Gynecology"
    EMERGENCY = "EM", "Emergency Medicine"
    TRANSITIONAL = "TY", "Transitional Year"


SEARCHED = ("name", "institution", "city")  # and the state, matched whole
FUZZY_MIN_LETTERS = 4  # shorter words have too few trigrams to be near anything by chance


class ProgramQuerySet(models.QuerySet):
    def search(self, text: str):
        """Every word somewhere in the name, institution, city or state (or the whole text
        as the NRMP code): "Quarry Hill Fresno" finds the Quarry Hill program in Fresno.

        On PostgreSQL a word also matches a word it nearly spells (pg_trgm's word
        similarity: "Quary" finds "Quarry"), and `by_relevance` orders the closest first;
        SQLite (the quick start) matches the words as typed."""
        words = searchable(text).split()[:8]
        if not words:
            return self
        fuzzy = connections[self.db].vendor == "postgresql"
        found = models.Q()
        for word in words:
            match = models.Q(state__iexact=word)
            for column in SEARCHED:
                match |= models.Q(**{f"{column}__icontains": word})
                if fuzzy and len(word) >= FUZZY_MIN_LETTERS:
                    match |= models.Q(**{f"{column}__trigram_word_similar": word})
            found &= match
        return self.filter(found | models.Q(nrmp_code__iexact=" ".join(words)))

    def by_relevance(self, text: str, *then: str):
        """Closest to the search first (PostgreSQL), then `then`; as `then` elsewhere."""
        text = searchable(text)
        if not text or connections[self.db].vendor != "postgresql":
            return self.order_by(*then)
        closeness = sum((TrigramWordSimilarity(text, column) for column in SEARCHED[1:]),
                        TrigramWordSimilarity(text, SEARCHED[0]))
        return self.annotate(relevance=closeness).order_by("-relevance", *then)

    def with_known_misses(self, facts: ApplicantFitFacts, season_year: int, *,
                          rank_deadline: date | None = None):
        """Each program annotated `known_miss` (1 when a hard cut-off is known to fail, the
        same test as eligible_for), so the directory can sort by fit in SQL."""
        deadline = rank_deadline or calendar.derive_season(season_year).rol_deadline.on
        misses = known_hard_misses(facts, season_year, deadline)
        if not misses:
            return self.annotate(known_miss=models.Value(0))
        return self.annotate(known_miss=models.Case(
            models.When(misses, then=models.Value(1)), default=models.Value(0),
            output_field=models.IntegerField()))

    def eligible_for(self, facts: ApplicantFitFacts, season_year: int, *,
                     rank_deadline: date | None = None):
        """Programs whose hard cut-offs the applicant is not known to miss, in one SQL filter.

        The twin of rules.program_fit: a null requirement, or an applicant fact not on record,
        is unknown and the program stays; a hard requirement known to fail drops it.
        (Programs have no "H-1B only with Step 3 by" column, so that engine rule never applies.)
        """
        deadline = rank_deadline or calendar.derive_season(season_year).rol_deadline.on
        return self.exclude(known_hard_misses(facts, season_year, deadline))


class Program(models.Model):
    """A residency program and its cut-offs. Null criteria are unknown, not "none"."""

    nrmp_code = models.CharField("NRMP program code", max_length=12, unique=True)
    name = models.CharField(max_length=200)
    institution = models.CharField(max_length=200)
    specialty = models.CharField(max_length=8, choices=Specialty.choices, db_index=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, db_index=True)
    sponsors_j1 = models.BooleanField("sponsors J-1", null=True, blank=True)
    sponsors_h1b = models.BooleanField("sponsors H-1B", null=True, blank=True)
    max_years_since_graduation = models.PositiveSmallIntegerField(null=True, blank=True)
    yog_is_hard = models.BooleanField("graduation-year limit is a hard cut-off", default=True)
    max_attempts_per_step = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 = first-attempt passes only."
    )
    attempts_is_hard = models.BooleanField("attempt limit is a hard cut-off", default=True)
    min_step2ck_score = models.PositiveSmallIntegerField(
        "minimum Step 2 CK score", null=True, blank=True,
        validators=[MinValueValidator(150), MaxValueValidator(300)],
    )
    ck_is_hard = models.BooleanField("Step 2 CK minimum is a hard cut-off", default=True)
    min_usce_months = models.PositiveSmallIntegerField(
        "US clinical experience needed (months)", null=True, blank=True
    )
    usce_is_hard = models.BooleanField("US clinical experience is a hard cut-off", default=False)
    no_requirement = models.JSONField(
        default=list, blank=True,
        help_text="Criteria the program states it does not have (e.g. no Step 2 CK minimum), "
                  "as opposed to empty columns, which are unknown.",
    )
    certificate_by_rank_deadline = models.BooleanField(
        "ECFMG certificate needed by the rank deadline", null=True, blank=True
    )
    img_share = models.DecimalField(
        "share of IMG residents (%)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    application_deadline = models.DateField(
        null=True, blank=True,
        help_text="The last day to apply, as the program's own page states it for the coming "
                  "season. It pre-fills the date an applicant records on a saved program.")
    criteria_source = models.CharField(max_length=300, blank=True)
    criteria_checked_on = models.DateField(null=True, blank=True)
    criteria_notes = models.JSONField(
        default=dict, blank=True,
        help_text='Per criterion, where it comes from and when it was checked, e.g. '
                  '{"min_step2ck_score": {"source": "program FAQ", "checked_on": "2026-08-01"}}.',
    )
    is_sample = models.BooleanField(default=False, help_text="Invented sample data.")

    history = HistoricalRecords()

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["specialty", "state", "name"]
        indexes = [models.Index(fields=["specialty", "state"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.nrmp_code})"

    def clean(self) -> None:
        problems = facts.problems_in(self.criteria_notes)
        if problems:
            raise ValidationError({"criteria_notes": [f"{column} {problem}".strip()
                                                      for column, problem in problems.items()]})

    def fact_check(self, column: str) -> "facts.FactCheck":
        """When one fact (a column such as min_step2ck_score) was last checked, and its
        source: its own, else the program's (residency.facts decides)."""
        return facts.fact_check(self, column)


class VisaNeed(models.TextChoices):
    NONE = "none", "No visa needed (US citizen or green card)"
    # A deliberate answer from someone the profile says needs a visa: they may work in the US
    # without one (e.g. refugee or asylee status, a work permit). "none" stays the default.
    NOT_NEEDED = "not_needed", "No visa needed: I may work in the US without one"
    J1 = "j1", "J-1 (ECFMG-sponsored)"
    H1B = "h1b", "H-1B"
    EITHER = "either", "J-1 or H-1B"


class Registration(models.Model):
    """An applicant's ERAS and NRMP registration for one season, and the visa they need."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE,
                                  related_name="registrations")
    season = models.PositiveSmallIntegerField(help_text="The Match year.")
    eras_token = models.CharField("ERAS token", max_length=40, blank=True)
    eras_submitted_on = models.DateField("ERAS application submitted", null=True, blank=True)
    nrmp_id = models.CharField("NRMP ID", max_length=12, blank=True)
    nrmp_registered_on = models.DateField("NRMP registration", null=True, blank=True)
    rol_certified_on = models.DateField("rank order list certified", null=True, blank=True)
    visa_need = models.CharField(max_length=12, choices=VisaNeed.choices, default=VisaNeed.NONE)
    usce_months = models.PositiveSmallIntegerField(
        "US clinical experience (months)", default=0, validators=[MaxValueValidator(240)]
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["applicant", "season"],
                                               name="one_registration_per_season")]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.season} Match"


class ResidencyApplication(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        SUBMITTED = "submitted", "Submitted"
        INVITED = "invited", "Interview invited"
        SCHEDULED = "scheduled", "Interview scheduled"
        INTERVIEWED = "interviewed", "Interviewed"
        RANKED = "ranked", "Ranked"
        MATCHED = "matched", "Matched"
        NOT_MATCHED = "not_matched", "Not matched"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SOAP = "soap", "SOAP offer"

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE,
                                  related_name="residency_applications")
    season = models.PositiveSmallIntegerField()
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    submitted_on = models.DateField(null=True, blank=True)
    interview_invited_on = models.DateField(null=True, blank=True)
    interview_on = models.DateField(null=True, blank=True)
    rank_position = models.PositiveSmallIntegerField(null=True, blank=True)
    result_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-season", "program__name"]
        constraints = [models.UniqueConstraint(fields=["applicant", "season", "program"],
                                               name="one_application_per_program_season")]

    def __str__(self) -> str:
        return f"{self.program.name} ({self.season})"


class SavedProgram(models.Model):
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE,
                                  related_name="saved_programs")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    # The applicant's own record of the program's application deadline (programs' dates
    # vary; the directory's, when known, pre-fills it): residency.deadlines reminds of it.
    apply_by = models.DateField("application deadline", null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["applicant", "program"],
                                               name="save_a_program_once")]

    def __str__(self) -> str:
        return f"{self.applicant} saved {self.program}"


# Kept in modules of their own (this one is long enough), named from here.
from .carms import CarmsSeason  # noqa: E402, F401
from .licensure import LicensureStateChoice, StateLicensureLimit  # noqa: E402, F401
