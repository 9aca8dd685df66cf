"""All-or-nothing CSV imports, shared by the school and program directories.

A whole file is checked before anything is written: one bad row and nothing is imported.
Rows are numbered as a spreadsheet shows them (the header is row 1). Each directory keeps its
own columns and row checks (a RowChecker subclass); the reading and the writing are here.
"""

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, ClassVar

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


class CsvFileError(Exception):
    """The file has problems; `problems` lists each with its row number."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class ImportSummary:
    """Subclasses name what was imported: `noun = "schools"`."""

    noun: ClassVar[str] = "rows"
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        total = self.created + self.updated + self.unchanged
        return (f"Imported {total} {self.noun}: {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged.")


class RowChecker:
    """Reads one row's cells, collecting a message per problem instead of stopping.
    Subclasses set `required` and `max_length` and build the row in `row()`."""

    required: ClassVar[Sequence[str]] = ()
    max_length: ClassVar[dict[str, int]] = {}

    def __init__(self, cells: dict[str, str]):
        self.cells = {column: " ".join(value.split()) for column, value in cells.items()}
        self.problems: list[str] = [
            f"{column} is required." for column in self.required if not self.cells[column]
        ]

    @classmethod
    def check(cls, header: list[str], cells: list[str]) -> tuple[Any, list[str]]:
        """One data row: the row, or None and what is wrong with it."""
        if len(cells) != len(header):
            return None, [f"Has {len(cells)} cells but the header has {len(header)} columns "
                          "(a comma inside a name needs the name in double quotes)."]
        checker = cls(dict(zip(header, cells, strict=True)))
        row = checker.row()
        return (None if checker.problems else row), checker.problems

    def text(self, column: str) -> str:
        value, limit = self.cells[column], self.max_length[column]
        if len(value) > limit:
            self.problems.append(f"{column} is longer than {limit} characters.")
        return value


def import_file(path: Path | str, read: Callable[[IO[str]], list],
                save: Callable[[list], ImportSummary]) -> ImportSummary:
    """`read` (and check) the CSV file at `path`, then `save` its rows."""
    with open(path, newline="", encoding="utf-8-sig") as lines:  # -sig: Excel's BOM
        rows = read(lines)
    return save(rows)


def read_rows(lines: Iterable[str], columns: Sequence[str], checker: type[RowChecker],
              key: str) -> list:
    """Every data row, checked, skipping blank lines; no two may have the same `key`.
    Raises CsvFileError listing every problem in the file."""
    reader = csv.reader(lines)
    header = [cell.strip().lower() for cell in next(reader, [])]
    problems = [RowProblem(1, message) for message in check_header(header, columns)]
    if problems:
        raise CsvFileError(problems)
    rows = []
    first_row_of: dict[Any, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        row, messages = checker.check(header, cells)
        if row and getattr(row, key) in first_row_of:
            value = getattr(row, key)
            messages.append(f"{key} {value} is already used on row {first_row_of[value]}.")
        elif row:
            first_row_of[getattr(row, key)] = number
            rows.append(row)
        problems += [RowProblem(number, message) for message in messages]
    if problems:
        raise CsvFileError(problems)
    return rows


def check_header(header: list[str], columns: Sequence[str]) -> list[str]:
    if not any(header):
        return ["The file is empty: the first row must name the columns "
                f"({', '.join(columns)})."]
    messages = []
    missing = [column for column in columns if column not in header]
    unknown = [column for column in header if column not in columns]
    repeated = sorted({column for column in header if header.count(column) > 1})
    if missing:
        messages.append(f"Missing columns: {', '.join(missing)}.")
    if unknown:
        messages.append(f"Unknown columns: {', '.join(unknown)} (expected: {', '.join(columns)}).")
    if repeated:
        messages.append(f"Columns named twice: {', '.join(repeated)}.")
    return messages


def upsert(model, rows: list, key: str, fields: list[str],
           values_of: Callable[[Any], tuple] | None = None) -> tuple[int, int, int]:
    """Create the rows `model` lacks and update the changed ones (`values_of(instance)`,
    by default its `fields`, differ from the row's), matched on `key`; inside a transaction.
    Returns how many were created, updated, unchanged."""
    values_of = values_of or (lambda instance: tuple(getattr(instance, f) for f in fields))
    keys = [getattr(row, key) for row in rows]
    existing = model.objects.select_for_update().in_bulk(keys, field_name=key)
    new, changed = [], []
    for row in rows:
        instance = existing.get(getattr(row, key))
        if instance is None:
            new.append(model(**vars(row)))
        elif values_of(instance) != astuple(row):
            for name in fields:
                setattr(instance, name, getattr(row, name))
            changed.append(instance)
    if _has_history(model):  # one history row per school, program or season changed
        bulk_create_with_history(new, model)
        bulk_update_with_history(changed, model, fields)
    else:
        model.objects.bulk_create(new)
        model.objects.bulk_update(changed, fields)
    return len(new), len(changed), len(rows) - len(new) - len(changed)


def _has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")  # django-simple-history


class _DryRun(Exception):
    def __init__(self, summary):
        self.summary = summary


def dry_run(save: Callable[[list], ImportSummary], rows: list) -> ImportSummary:
    """What `save(rows)` would do, written and then rolled back."""
    try:
        with transaction.atomic():
            raise _DryRun(save(rows))
    except _DryRun as done:
        return done.summary


def cell(value) -> str:
    """A value as the importers read it back: yes/no, ISO dates, country codes, '' for
    none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(getattr(value, "code", value))


def write_rows(out: IO[str], columns: Sequence[str], instances: Iterable,
               cell_of: Callable[[Any, str], str] | None = None) -> None:
    """A CSV file of `instances` with the importer's columns: export, then import, changes
    nothing."""
    cell_of = cell_of or (lambda instance, column: cell(getattr(instance, column)))
    writer = csv.writer(out)
    writer.writerow(columns)
    for instance in instances:
        writer.writerow([cell_of(instance, column) for column in columns])


class ImportCommand(BaseCommand):
    """`manage.py <command> FILE.csv`; subclasses give `help` and `import_file(path)`."""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8, header row first)")

    def handle(self, *args, file: Path, **options):
        try:
            summary = self.import_file(file)
        except CsvFileError as error:
            count = len(error.problems)
            raise CommandError(
                f"{file}: {count} problem{'s' if count != 1 else ''}; nothing was imported.\n"
                f"{error}"
            ) from error
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        self.stdout.write(self.style.SUCCESS(str(summary)))
