"""Next season from the admin: the calendar derived from the rules (what
`manage.py propose_season` does) and a draft rule set copied from the latest, both marked
derived until an admin confirms each value with a source."""

from __future__ import annotations

from dataclasses import make_dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from certification.models import RequirementSet
from certification.services import rulesets
from core import clock, csv_import, road

from ..models import SEASON_KEYS, SPANS, MatchSeason

CONFIRMING = ("verified", "third_party")


def next_year() -> int | None:
    latest = MatchSeason.objects.order_by("-year").first()
    return latest.year + 1 if latest else None


def propose_calendar(year: int, *, by=None) -> MatchSeason:
    """The season's calendar, every date derived from the rules; status proposed."""
    if MatchSeason.objects.filter(year=year).exists():
        raise ValidationError(f"The {year} season exists already; edit it in the admin.")
    season = MatchSeason.from_derived(year)
    season.note = "Proposed from the derivation rules: confirm each date with a source."
    season.full_clean()
    season._history_user = by
    season.save()
    return season


@transaction.atomic
def propose_next_season(*, by, year: int | None = None) -> tuple[MatchSeason, RequirementSet]:
    """Next season's calendar and a draft certificate set for it, copied from the latest
    published set with every value marked derived."""
    year = year or next_year()
    if year is None:
        raise ValidationError("No season exists yet to follow: add one in the admin.")
    season = propose_calendar(year, by=by)
    latest = RequirementSet.objects.published().filter(
        kind=RequirementSet.Kind.CERTIFICATE).order_by("-effective_from").first()
    if latest is None:
        raise ValidationError("No published rule set to copy.")
    draft = rulesets.copy_as_draft(latest, by=by, season=year)
    return season, draft


@transaction.atomic
def confirm_date(season: MatchSeason, *, key: str, on: date, provenance: str, source: str,
                 source_url: str, checked_on: date, by) -> MatchSeason:
    """Set one date of the calendar from a source and mark it confirmed (in history)."""
    errors = {}
    if key not in SEASON_KEYS:
        errors["key"] = "Choose one of the season's dates."
    if provenance not in CONFIRMING:
        errors["provenance"] = "Choose the kind of source that confirms the date."
    if not source.strip():
        errors["source"] = "Say where the date was confirmed."
    if checked_on > clock.recorded_today():
        errors["checked_on"] = "The day the source was checked cannot be in the future."
    if errors:
        raise ValidationError(errors)
    season = MatchSeason.objects.select_for_update().get(pk=season.pk)
    setattr(season, key, on)
    if key in SPANS and getattr(season, f"{key}_end") < on:
        raise ValidationError({"on": "The date is after the end of its span."})
    season.provenance = {**season.provenance, key: provenance}
    season.sources = {**season.sources, key: {
        "source": source.strip(), "url": source_url.strip(), "checked_on": checked_on.isoformat()}}
    season.full_clean()
    season._history_user = by
    season.save()
    return season


# Import and export (core.csv_import reads and writes; the checks of a season are here)

DATE_COLUMNS = tuple(
    name for key in SEASON_KEYS for name in ((key, f"{key}_end") if key in SPANS else (key,)))
SEASON_COLUMNS = ("year", "status", *DATE_COLUMNS, "note")
SeasonRow = make_dataclass("SeasonRow", [(c, object) for c in SEASON_COLUMNS])
STATUSES = {value for value, _ in MatchSeason.Status.choices}


class SeasonSummary(csv_import.ImportSummary):
    noun = "seasons"


def read_seasons(lines) -> list:
    """Every row of a seasons CSV, checked; raises CsvFileError listing every problem."""
    return csv_import.read_rows(lines, SEASON_COLUMNS, _SeasonChecker, key="year")


@transaction.atomic
def import_seasons(rows: list) -> SeasonSummary:
    """Create new seasons and update known ones (by year), all or nothing; the applicants
    aiming at each season are re-evaluated once it commits."""
    summary = SeasonSummary(*csv_import.upsert(MatchSeason, rows, "year", list(SEASON_COLUMNS)))
    for row in rows:
        road.refresh_all(row.year)
    return summary


class _SeasonChecker(csv_import.RowChecker):
    required = ("year", "status", *(c for c in DATE_COLUMNS
                                    if not MatchSeason._meta.get_field(c).null))
    max_length = {"note": 2000}

    def row(self):
        values = {c: self.date(c) for c in DATE_COLUMNS}
        row = SeasonRow(year=self.year(), status=self.status(), note=self.text("note"),
                        **values)
        if not self.problems:
            try:
                MatchSeason(**vars(row)).clean()
            except ValidationError as error:
                self.problems += [f"{field}: {m}" for field, ms in error.message_dict.items()
                                  for m in ms]
        return row

    def year(self) -> int | None:
        value = self.cells["year"]
        if value and not (value.isdigit() and 2000 <= int(value) <= 2100):
            self.problems.append(f"year {value!r} must be a Match year such as 2028.")
            return None
        return int(value) if value else None

    def status(self) -> str:
        value = self.cells["status"].lower()
        if value and value not in STATUSES:
            self.problems.append(f"status {value!r} must be proposed or confirmed.")
        return value

    def date(self, column: str) -> date | None:
        value = self.cells[column]
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problems.append(f"{column} {value!r} must be a date written 2027-03-19.")
            return None
