"""The program directory's writers: saving programs, and importing programs from a CSV file.

The import checks a whole file before anything is written: one bad row and nothing is
imported (core.csv_import does the reading and the writing; the checks of a program are
here). Rows are numbered as a spreadsheet shows them (the header is row 1). Programs are
matched to existing ones by NRMP program code. An empty criterion cell means "not recorded"
(unknown), never "no requirement".
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from applicants.models import Applicant
from certification.rules import usmle
from core import clock, csv_import, road

from .. import facts
from ..data.columns import COLUMNS
from ..models import Program, SavedProgram, Specialty
from ..states import US_STATES

# Saved programs: each may carry the application deadline the applicant recorded, which the
# road refresh turns into a deadline row (residency.deadlines), in the same transaction.


def directory_deadline(program: Program, today: date | None = None) -> date | None:
    """The directory's application deadline of `program` while it is still ahead: what a
    new save, and the deadline form, start from. A past one is last season's."""
    on = program.application_deadline
    return on if on and on >= (today or clock.today()) else None


@transaction.atomic
def save_program(*, applicant: Applicant, program: Program) -> tuple[SavedProgram, bool]:
    """The row, and whether this save made it (saving twice keeps one row). A new save
    takes the directory's application deadline when one is known and ahead; the applicant
    checks and changes it on the saved page."""
    _lock(applicant)
    saved, created = SavedProgram.objects.get_or_create(
        applicant=applicant, program=program,
        defaults={"apply_by": directory_deadline(program)})
    if created and saved.apply_by:
        road.refresh(applicant.pk)
    return saved, created


@transaction.atomic
def unsave_program(*, applicant: Applicant, program: Program) -> bool:
    """Only the applicant's own row goes (its deadline with it); False if it was not saved."""
    _lock(applicant)
    deleted, _ = SavedProgram.objects.filter(applicant=applicant, program=program).delete()
    if deleted:
        road.refresh(applicant.pk)
    return bool(deleted)


@transaction.atomic
def set_application_deadline(*, saved: SavedProgram, data: dict) -> SavedProgram:
    """Record (or clear, with None) a saved program's application deadline; its deadline
    row is created, moved or removed by the refresh in the same transaction."""
    _lock(saved.applicant)
    saved.apply_by = data["apply_by"]
    saved.save(update_fields=["apply_by"])
    road.refresh(saved.applicant_id)
    return saved


def _lock(applicant: Applicant) -> None:
    """Writers of one applicant's records queue here, as the refresh expects."""
    Applicant.objects.select_for_update().filter(pk=applicant.pk).first()


# Import

SAMPLE_CSV = Path(__file__).resolve().parent.parent / "data" / "programs_sample.csv"
REQUIRED = ("nrmp_code", "name", "institution", "specialty", "city", "state")
MAX_LENGTH = {"name": 200, "institution": 200, "city": 100, "criteria_source": 300}
FACT_SOURCES = {facts.source_column(fact): facts.SOURCE_MAX_LENGTH for fact in facts.FACTS}
NRMP_CODE = re.compile(r"\d{7}[A-Z]\d")
FLAGS = {"yes": True, "true": True, "no": False, "false": False}
# The range each number may take, and what it means, for the message when it is outside.
NUMBERS = {
    "max_years_since_graduation": (1, 40, "years"),
    "max_attempts_per_step": (1, usmle.ATTEMPT_LIMIT,
                              f"attempts (USMLE allows {usmle.ATTEMPT_LIMIT} per Step)"),
    "min_step2ck_score": (150, 300, "a Step 2 CK score"),
    "min_usce_months": (0, 240, "months"),
}
HARD_DEFAULTS = {f: Program._meta.get_field(f).default
                 for f in ("yog_is_hard", "attempts_is_hard", "ck_is_hard", "usce_is_hard")}
SPECIALTIES = {**{code.lower(): code for code in Specialty.values},
               **{label.lower(): code for code, label in Specialty.choices}}


@dataclass(frozen=True)
class ProgramRow:
    nrmp_code: str
    name: str
    institution: str
    specialty: str
    city: str
    state: str
    sponsors_j1: bool | None
    sponsors_h1b: bool | None
    max_years_since_graduation: int | None
    yog_is_hard: bool
    max_attempts_per_step: int | None
    attempts_is_hard: bool
    min_step2ck_score: int | None
    ck_is_hard: bool
    min_usce_months: int | None
    usce_is_hard: bool
    certificate_by_rank_deadline: bool | None
    img_share: Decimal | None
    criteria_source: str
    criteria_checked_on: date | None
    is_sample: bool
    application_deadline: date | None = None
    no_requirement: list[str] = field(default_factory=list)  # stated as "none" in the file
    criteria_notes: dict = field(default_factory=dict)  # each fact's own check (facts.py)


FIELDS = [f.name for f in fields(ProgramRow)]


# The names these had here before core.csv_import; still importable from this module.
ProgramFileError = csv_import.CsvFileError
RowProblem = csv_import.RowProblem


class ImportSummary(csv_import.ImportSummary):
    noun = "programs"


def import_programs_file(path: Path | str) -> ImportSummary:
    """Check and import a CSV file; raises ProgramFileError (nothing imported) if it is bad."""
    return csv_import.import_file(path, read_programs, import_programs)


def import_sample_programs() -> ImportSummary:
    return import_programs_file(SAMPLE_CSV)


@transaction.atomic
def import_programs(rows: list[ProgramRow]) -> ImportSummary:
    """Create new programs and update known ones (by NRMP code), all or nothing."""
    return ImportSummary(*csv_import.upsert(Program, rows, "nrmp_code", FIELDS))


def read_programs(lines: Iterable[str]) -> list[ProgramRow]:
    """Every row of a CSV file as a ProgramRow; raises ProgramFileError listing every problem."""
    return csv_import.read_rows(lines, COLUMNS, _RowChecker, key="nrmp_code")


class _RowChecker(csv_import.RowChecker):
    required, max_length = REQUIRED, MAX_LENGTH | FACT_SOURCES

    def __init__(self, cells: dict[str, str]):
        super().__init__(cells)
        self.no_requirement: list[str] = []  # the columns stated as "none"

    def row(self) -> ProgramRow:
        values = {name: self.text(name) for name in MAX_LENGTH}
        values |= {name: self.number(name) for name in NUMBERS}
        values |= {name: self.flag(name, default) for name, default in HARD_DEFAULTS.items()}
        values |= {name: self.flag(name, None) for name in
                   ("sponsors_j1", "sponsors_h1b", "certificate_by_rank_deadline")}
        return ProgramRow(
            nrmp_code=self.nrmp_code(), specialty=self.specialty(), state=self.state(),
            img_share=self.share(), criteria_checked_on=self.date("criteria_checked_on"),
            is_sample=self.flag("is_sample", False), no_requirement=self.no_requirement,
            application_deadline=self.date("application_deadline"),
            criteria_notes=self.fact_checks(), **values,
        )

    def fact_checks(self) -> dict:
        """Each fact's own checked-on date and source, in the form Program stores them."""
        return facts.notes_for({
            fact.column: (self.date(facts.checked_on_column(fact)),
                          self.text(facts.source_column(fact)))
            for fact in facts.FACTS})

    def nrmp_code(self) -> str:
        value = self.cells["nrmp_code"].upper()
        if value and not NRMP_CODE.fullmatch(value):
            self.problems.append(f"nrmp_code {self.cells['nrmp_code']!r} is not an NRMP program "
                                 "code: 7 digits, a track letter and a digit, such as 1234140C0.")
        return value

    def specialty(self) -> str:
        value = self.cells["specialty"]
        if value and value.lower() not in SPECIALTIES:
            self.problems.append(f"specialty {value!r} is not one of: "
                                 f"{', '.join(Specialty.values)} (or their full names).")
        return SPECIALTIES.get(value.lower(), value)

    def state(self) -> str:
        value = self.cells["state"].upper()
        if value and value not in US_STATES:
            self.problems.append(f"state {self.cells['state']!r} is not a two-letter US state "
                                 "code (such as NY, TX or PR).")
        return value

    def flag(self, column: str, default: bool | None) -> bool | None:
        value = self.cells[column].lower()
        if value and value not in FLAGS:
            empty = " or empty (not recorded)" if default is None else ""
            self.problems.append(f"{column} {self.cells[column]!r} must be yes, no, true or "
                                 f"false{empty}.")
        return FLAGS.get(value, default)

    def number(self, column: str) -> int | None:
        value, (low, high, unit) = self.cells[column], NUMBERS[column]
        if not value:
            return None
        if value.lower() == "none":  # the program states it has no such requirement
            self.no_requirement.append(column)
            return None
        if value.isdecimal() and low <= int(value) <= high:
            return int(value)
        self.problems.append(f"{column} {value!r} must be a whole number of {unit} from {low} "
                             f"to {high}, 'none' (no such requirement) or empty (not "
                             "recorded).")
        return None

    def share(self) -> Decimal | None:
        value = self.cells["img_share"].rstrip("%")
        if not value:
            return None
        try:
            share = Decimal(value)
        except InvalidOperation:
            share = None
        if not (share is not None and share.is_finite() and 0 <= share <= 100
                and share.as_tuple().exponent >= -1):
            self.problems.append(f"img_share {self.cells['img_share']!r} must be a percentage "
                                 "from 0 to 100 with at most one decimal, such as 43.5.")
            return None
        return share
