"""When each program fact was last checked, and where it comes from: the one place that
decides it, used by the program page, the CSV import and export, and the admin.

A fact is one Program column an applicant relies on (a cut-off, a visa, the IMG share). Its
own check lives in `Program.criteria_notes` under the column's name,
`{"min_step2ck_score": {"source": "Program FAQ", "checked_on": "2027-01-05"}}`; a fact with
no date of its own falls back to the program's `criteria_checked_on` (and its source to
`criteria_source`).
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Fact:
    column: str  # the Program column it dates
    label: str  # what the admin and the applicant call it


FACTS = (
    Fact("max_years_since_graduation", "Years since graduation"),
    Fact("max_attempts_per_step", "Attempts per Step"),
    Fact("min_step2ck_score", "Step 2 CK minimum"),
    Fact("min_usce_months", "US clinical experience"),
    Fact("certificate_by_rank_deadline", "Certificate by the rank deadline"),
    Fact("sponsors_j1", "J-1"),
    Fact("sponsors_h1b", "H-1B"),
    Fact("img_share", "Share of IMG residents"),
    # Not a cut-off: the date pre-fills the deadline an applicant records on a saved program.
    Fact("application_deadline", "Application deadline"),
)
BY_COLUMN = {fact.column: fact for fact in FACTS}
SOURCE_MAX_LENGTH = 300


def checked_on_column(fact: Fact) -> str:
    """The CSV column (and admin field) of a fact's own checked-on date."""
    return f"{fact.column}_checked_on"


def source_column(fact: Fact) -> str:
    return f"{fact.column}_source"


@dataclass(frozen=True)
class FactCheck:
    """One fact's check. The page shows `checked_on` and `source`; the CSV and the admin edit
    the fact's own values (`own_*`), so an export imports back unchanged."""

    fact: Fact
    own_checked_on: date | None  # recorded for this fact itself (what the CSV carries)
    own_source: str
    checked_on: date | None  # its own, else the program's
    source: str

    @property
    def words(self) -> str:
        """What an applicant reads beside the fact: "checked 5 Jan 2027" or "not checked yet"."""
        return checked_words(self.checked_on)


def checked_words(day: date | None) -> str:
    return f"checked {day.day} {day:%b %Y}" if day else "not checked yet"


def fact_check(program, column: str) -> FactCheck:
    """The check of one fact of `program` (a Program, or anything with its attributes)."""
    fact = BY_COLUMN[column]
    own_on, own_source = _own(program.criteria_notes, column)
    return FactCheck(fact, own_on, own_source, own_on or program.criteria_checked_on,
                     own_source or program.criteria_source)


def _own(notes, column: str) -> tuple[date | None, str]:
    note = notes.get(column) if isinstance(notes, dict) else None
    if not isinstance(note, dict):
        return None, ""
    return parse_day(note.get("checked_on")), str(note.get("source") or "").strip()


def parse_day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def notes_for(checks: dict[str, tuple[date | None, str]]) -> dict:
    """The stored form of each fact's own check, {column: (checked_on, source)}: only facts
    with something recorded, dates as ISO text, so equal checks compare equal."""
    notes = {}
    for column, (checked_on, source) in checks.items():
        note = {}
        if source:
            note["source"] = source
        if checked_on:
            note["checked_on"] = checked_on.isoformat()
        if note:
            notes[column] = note
    return notes


def problems_in(notes) -> dict[str, str]:
    """What is wrong with a stored criteria_notes value, per fact column."""
    if not isinstance(notes, dict):
        return {"": "must be an object of facts"}
    problems = {}
    for column, note in notes.items():
        if column not in BY_COLUMN:
            problems[column] = "is not a program fact"
        elif not isinstance(note, dict) or set(note) - {"source", "checked_on"}:
            problems[column] = 'must be {"source": ..., "checked_on": "2026-08-01"}'
        elif note.get("checked_on") and parse_day(note["checked_on"]) is None:
            problems[column] = f"checked_on {note['checked_on']!r} is not a date written 2026-08-01"
        elif len(str(note.get("source") or "")) > SOURCE_MAX_LENGTH:
            problems[column] = f"source is longer than {SOURCE_MAX_LENGTH} characters"
    return problems


# Each fact's own columns in the CSV file (and fields in the admin): name -> (fact, attribute)
OWN_COLUMNS = {
    name: (fact, attribute) for fact in FACTS
    for name, attribute in ((checked_on_column(fact), "own_checked_on"),
                            (source_column(fact), "own_source"))
}


def own_value(program, name: str) -> date | str | None:
    """The value of one of OWN_COLUMNS for `program`: what the CSV export writes."""
    fact, attribute = OWN_COLUMNS[name]
    return getattr(fact_check(program, fact.column), attribute)
