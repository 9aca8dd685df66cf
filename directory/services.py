"""The medical school directory: read a CSV file of schools, check every row, import.

A whole file is checked before anything is written: one bad row and nothing is imported
(core.csv_import does the reading and the writing; the checks of a school are here).
Rows are numbered as a spreadsheet shows them (the header is row 1), so an editor can go
straight to the cell. Schools are matched to existing ones by World Directory id.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

from django.db import transaction
from django_countries import countries

from core import csv_import

from .models import MedicalSchool

SAMPLE_CSV = Path(__file__).resolve().parent / "data" / "schools_sample.csv"
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


# The names these had here before core.csv_import; still importable from this module.
SchoolFileError = csv_import.CsvFileError
RowProblem = csv_import.RowProblem


class ImportSummary(csv_import.ImportSummary):
    noun = "schools"


def import_schools_file(path: Path | str) -> ImportSummary:
    """Check and import a CSV file; raises SchoolFileError (nothing imported) if it is bad."""
    return csv_import.import_file(path, read_schools, import_schools)


def import_sample_schools() -> ImportSummary:
    return import_schools_file(SAMPLE_CSV)


@transaction.atomic
def import_schools(rows: list[SchoolRow]) -> ImportSummary:
    """Create new schools and update known ones (by World Directory id), all or nothing."""
    return ImportSummary(*csv_import.upsert(MedicalSchool, rows, "wdoms_id", FIELDS, _values))


def _values(school: MedicalSchool) -> tuple:
    return tuple(
        school.country.code if name == "country" else getattr(school, name) for name in FIELDS
    )


def read_schools(lines: Iterable[str]) -> list[SchoolRow]:
    """Every row of a CSV file as a SchoolRow; raises SchoolFileError listing every problem."""
    return csv_import.read_rows(lines, COLUMNS, _RowChecker, key="wdoms_id")


class _RowChecker(csv_import.RowChecker):
    required, max_length = REQUIRED, MAX_LENGTH

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
