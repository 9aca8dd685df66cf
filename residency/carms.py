"""CaRMS R-1 seasons: the calendar of the Canadian match, as the NRMP one (MatchSeason), each
date with where it comes from. A year with no row gets dates derived from past seasons, shown
as estimated. Re-exported by residency.models."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

# The dated events of a CaRMS R-1 season (first iteration unless said), in order.
CARMS_EVENTS = (
    ("carms_online_opens", "CaRMS Online opens for applicants"),
    ("file_review_opens", "Programs start reviewing applications (first iteration)"),
    ("interviews_start", "Interview period starts"),
    ("interviews_end", "Interview period ends"),
    ("rol_deadline", "Rank order list deadline"),
    ("match_day", "First-iteration Match Day"),
    ("second_iteration_opens", "Second iteration opens for applicants"),
    ("training_starts", "Training starts"),
)
CARMS_PROVENANCES = [("verified", "Verified official"), ("third_party", "Third-party"),
                     ("sample", "Sample, estimated from past seasons")]


@dataclass(frozen=True)
class CarmsDate:
    key: str
    label: str
    on: date
    provenance: str  # verified | third_party | sample

    @property
    def estimated(self) -> bool:
        return self.provenance == "sample"


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def derive_carms(year: int) -> dict[str, date]:
    """Dates of the R-1 match of `year` from the pattern of past seasons (CaRMS timelines
    of the 2018, 2019 and 2025 matches): online in early September, file review in the third
    week of November, interviews mid-January to early February, ranking in mid-February,
    first-iteration Match Day on the first Tuesday of March, training from 1 July."""
    return {
        "carms_online_opens": _weekday_on_or_after(date(year - 1, 9, 3), 2),
        "file_review_opens": _weekday_on_or_after(date(year - 1, 11, 18), 1),
        "interviews_start": _weekday_on_or_after(date(year, 1, 12), 5),
        "interviews_end": _weekday_on_or_after(date(year, 2, 1), 6),
        "rol_deadline": _weekday_on_or_after(date(year, 2, 12), 2),
        "match_day": _weekday_on_or_after(date(year, 3, 1), 1),
        "second_iteration_opens": _weekday_on_or_after(date(year, 1, 3), 1),
        "training_starts": date(year, 7, 1),
    }


class CarmsSeason(models.Model):
    """One CaRMS R-1 match's calendar (Match Day in March of `year`), dates in Eastern time."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed (estimated, awaiting an admin)"
        CONFIRMED = "confirmed", "Confirmed by an admin"

    year = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(2000)])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    carms_online_opens = models.DateField("CaRMS Online opens for applicants")
    file_review_opens = models.DateField("file review opens")
    interviews_start = models.DateField("interview period starts")
    interviews_end = models.DateField("interview period ends")
    rol_deadline = models.DateField("rank order list deadline")
    match_day = models.DateField("first-iteration Match Day")
    second_iteration_opens = models.DateField("second iteration opens")
    training_starts = models.DateField("training starts")
    provenance = models.JSONField(
        default=dict, blank=True,
        help_text='Per date: "verified", "third_party" or "sample". Dates not listed are '
                  "sample (estimated).")
    source = models.CharField(max_length=300, blank=True)
    checked_on = models.DateField("checked on", null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} CaRMS R-1 match"

    def clean(self) -> None:
        keys, allowed = {k for k, _ in CARMS_EVENTS}, {v for v, _ in CARMS_PROVENANCES}
        wrong = {k: v for k, v in (self.provenance or {}).items()
                 if k not in keys or v not in allowed}
        if wrong:
            raise ValidationError({"provenance": f"Unknown dates or provenance: {wrong}"})
        if self.rol_deadline and self.match_day and self.rol_deadline >= self.match_day:
            raise ValidationError({"rol_deadline": "The ROL deadline comes before Match Day."})

    def dates(self) -> list[CarmsDate]:
        given = self.provenance or {}
        return sorted((CarmsDate(key, label, getattr(self, key), given.get(key, "sample"))
                       for key, label in CARMS_EVENTS), key=lambda d: d.on)


def carms_calendar(year: int) -> tuple[list[CarmsDate], CarmsSeason | None]:
    """The season's dates, from the admin's row or (with none) derived (1 query)."""
    row = CarmsSeason.objects.filter(year=year).first()
    if row is not None:
        return row.dates(), row
    derived = derive_carms(year)
    return sorted((CarmsDate(key, label, derived[key], "sample") for key, label in CARMS_EVENTS),
                  key=lambda d: d.on), None


__all__ = ["CARMS_EVENTS", "CarmsDate", "CarmsSeason", "carms_calendar", "derive_carms"]
