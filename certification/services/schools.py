"""The medical school directory: read a CSV file of schools, check every row, import.

A whole file is checked before anything is written: one bad row and nothing is imported.
Rows are numbered as a spreadsheet shows them (the header is row 1), so an editor can go
straight to the cell. Schools are matched to existing ones by World Directory id.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from django.db import transaction
from django_countries import countries

from certification.models import MedicalSchool

SAMPLE_CSV = Path(__file__).resolve().parent.parent / "data" / "schools_sample.csv"
COLUMNS = (
    "name", "country", "city", "wdoms_id", "sponsor_note", "note_from_year", "note_to_year",
    "note_years_are_sample", "accreditation",
)
REQUIRED = ("name", "country", "wdoms_id", "sponsor_note")
MAX_LENGTH = {"name": 300, "city": 120}
WDOMS_ID = re.compile(r"F\d{7}")
FIRST_YEAR, LAST_YEAR = 1900, 2100
FLAGS = {"yes": True, "true": True, "no": False, "false": False}
# Which countries each accreditor works in. Canadian schools were LCME-accredited too
# until 30 June 2025, so older Canadian records may say LCME.
ACCREDITOR_COUNTRIES = {"LCME": {"US", "CA"}, "COCA": {"US"}, "CACMS": {"CA"}}


@dataclass(frozen=True)
class SchoolRow:
    name: str
    country: str
    city: str
    wdoms_id: str
    sponsor_note: bool
    note_from_year: int | None
    note_to_year: int | None
    note_years_are_sample: bool
    accreditation: str


FIELDS = [f.name for f in fields(SchoolRow)]


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


class SchoolFileError(Exception):
    """The file has problems; `problems` lists each with its row number."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        total = self.created + self.updated + self.unchanged
        return (f"Imported {total} schools: {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged.")


def import_schools_file(path: Path | str) -> ImportSummary:
    """Check and import a CSV file; raises SchoolFileError (nothing imported) if it is bad."""
    with open(path, newline="", encoding="utf-8-sig") as lines:  # -sig: Excel's BOM
        rows = read_schools(lines)
    return import_schools(rows)


def import_sample_schools() -> ImportSummary:
    return import_schools_file(SAMPLE_CSV)


@transaction.atomic
def import_schools(rows: list[SchoolRow]) -> ImportSummary:
    """Create new schools and update known ones (by World Directory id), all or nothing."""
    existing = MedicalSchool.objects.select_for_update().in_bulk(
        [row.wdoms_id for row in rows], field_name="wdoms_id"
    )
    new, changed = [], []
    for row in rows:
        school = existing.get(row.wdoms_id)
        if school is None:
            new.append(MedicalSchool(**vars(row)))
        elif _values(school) != astuple(row):
            changed.append(_update(school, row))
    MedicalSchool.objects.bulk_create(new)
    MedicalSchool.objects.bulk_update(changed, FIELDS)
    return ImportSummary(len(new), len(changed), len(rows) - len(new) - len(changed))


def _values(school: MedicalSchool) -> tuple:
    return tuple(
        school.country.code if name == "country" else getattr(school, name) for name in FIELDS
    )


def _update(school: MedicalSchool, row: SchoolRow) -> MedicalSchool:
    for name in FIELDS:
        setattr(school, name, getattr(row, name))
    return school


def read_schools(lines: Iterable[str]) -> list[SchoolRow]:
    """Every row of a CSV file as a SchoolRow; raises SchoolFileError listing every problem."""
    reader = csv.reader(lines)
    header = [cell.strip().lower() for cell in next(reader, [])]
    problems = [RowProblem(1, message) for message in check_header(header)]
    if problems:
        raise SchoolFileError(problems)
    rows: list[SchoolRow] = []
    first_row_of: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        row, messages = check_row(header, cells)
        if row and row.wdoms_id in first_row_of:
            messages.append(f"wdoms_id {row.wdoms_id} is already used on row "
                            f"{first_row_of[row.wdoms_id]}.")
        elif row:
            first_row_of[row.wdoms_id] = number
            rows.append(row)
        problems += [RowProblem(number, message) for message in messages]
    if problems:
        raise SchoolFileError(problems)
    return rows


def check_header(header: list[str]) -> list[str]:
    if not any(header):
        return ["The file is empty: the first row must name the columns "
                f"({', '.join(COLUMNS)})."]
    messages = []
    missing = [column for column in COLUMNS if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    repeated = sorted({column for column in header if header.count(column) > 1})
    if missing:
        messages.append(f"Missing columns: {', '.join(missing)}.")
    if unknown:
        messages.append(f"Unknown columns: {', '.join(unknown)} (expected: {', '.join(COLUMNS)}).")
    if repeated:
        messages.append(f"Columns named twice: {', '.join(repeated)}.")
    return messages


def check_row(header: list[str], cells: list[str]) -> tuple[SchoolRow | None, list[str]]:
    """One data row: the school, or None and what is wrong with it."""
    if len(cells) != len(header):
        return None, [f"Has {len(cells)} cells but the header has {len(header)} columns "
                      "(a comma inside a name needs the name in double quotes)."]
    checker = _RowChecker(dict(zip(header, cells, strict=True)))
    row = checker.row()
    return (None if checker.problems else row), checker.problems


class _RowChecker:
    """Reads one row's cells, collecting a message per problem instead of stopping."""

    def __init__(self, cells: dict[str, str]):
        self.cells = {column: " ".join(value.split()) for column, value in cells.items()}
        self.problems: list[str] = [
            f"{column} is required." for column in REQUIRED if not self.cells[column]
        ]

    def row(self) -> SchoolRow:
        country = self.country()
        row = SchoolRow(
            name=self.text("name"), country=country, city=self.text("city"),
            wdoms_id=self.wdoms_id(), sponsor_note=self.flag("sponsor_note"),
            note_from_year=self.year("note_from_year"), note_to_year=self.year("note_to_year"),
            note_years_are_sample=self.flag("note_years_are_sample"),
            accreditation=self.accreditation(country),
        )
        self.check_years(row)
        return row

    def text(self, column: str) -> str:
        value = self.cells[column]
        if len(value) > MAX_LENGTH[column]:
            self.problems.append(f"{column} is longer than {MAX_LENGTH[column]} characters.")
        return value

    def country(self) -> str:
        code = self.cells["country"].upper()
        if code and (len(code) != 2 or code not in countries):
            self.problems.append(f"country {self.cells['country']!r} is not a two-letter ISO "
                                 "country code (such as NG, IN or US).")
        return code

    def wdoms_id(self) -> str:
        value = self.cells["wdoms_id"].upper()
        if value and not WDOMS_ID.fullmatch(value):
            self.problems.append(f"wdoms_id {self.cells['wdoms_id']!r} is not a World Directory "
                                 "id: F followed by 7 digits, such as F0000123.")
        return value

    def flag(self, column: str) -> bool:
        value = self.cells[column].lower()
        if value and value not in FLAGS:
            self.problems.append(f"{column} {self.cells[column]!r} must be yes, no, true or false.")
        return FLAGS.get(value, False)

    def year(self, column: str) -> int | None:
        value = self.cells[column]
        if not value:
            return None
        if value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
            return int(value)
        self.problems.append(f"{column} {value!r} must be a year from {FIRST_YEAR} to {LAST_YEAR}.")
        return None

    def check_years(self, row: SchoolRow) -> None:
        first, last = row.note_from_year, row.note_to_year
        if first and last and first > last:
            self.problems.append(f"note_from_year {first} is after note_to_year {last}.")
        said_no = FLAGS.get(self.cells["sponsor_note"].lower()) is False
        if (first or last) and said_no:
            self.problems.append("Sponsor-note years are given but sponsor_note is no.")

    def accreditation(self, country: str) -> str:
        value = self.cells["accreditation"].upper()
        if not value:
            return ""
        if value not in ACCREDITOR_COUNTRIES:
            self.problems.append(f"accreditation {self.cells['accreditation']!r} must be LCME, "
                                 "COCA, CACMS or empty.")
        elif country in countries and country not in ACCREDITOR_COUNTRIES[value]:
            where = " or ".join(sorted(countries.name(c) for c in ACCREDITOR_COUNTRIES[value]))
            self.problems.append(f"accreditation {value} is only for schools in {where}; "
                                 f"this school is in {countries.name(country)}.")
        return value
