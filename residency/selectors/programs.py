"""What the program directory shows: search and filters in SQL, fit per row in Python.

Programs are public directory data: every applicant may read every program. Saved programs
are the applicant's own and are always read through `.visible_to(user)` and their profile.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404

from applicants.models import Applicant

from ..fit import FitContext
from ..models import Program, SavedProgram
from ..rules import CriterionResult, Fit, Verdict

PAGE_SIZE = 25
ORDER = ("specialty", "state", "name", "pk")  # pk last: pages never overlap


def access_program(pk: int) -> Program:
    return get_object_or_404(Program, pk=pk)


def directory(filters: dict, ctx: FitContext):
    """The programs matching the search form's filters (a lazy QuerySet)."""
    programs = Program.objects.search(filters.get("q", "").strip())
    if filters.get("specialty"):
        programs = programs.filter(specialty=filters["specialty"])
    if filters.get("state"):
        programs = programs.filter(state=filters["state"])
    if filters.get("visa") in ("j1", "h1b"):
        programs = programs.filter(**{f"sponsors_{filters['visa']}": True})
    if filters.get("eligible"):
        programs = programs.eligible_for(ctx.facts, ctx.season, rank_deadline=ctx.rank_deadline)
    return programs.order_by(*ORDER)


@dataclass(frozen=True)
class ProgramRow:
    program: Program
    fit: Fit
    saved: bool

    @property
    def reason(self) -> str:
        return fit_reason(self.fit)


def fit_reason(fit: Fit) -> str:
    """The one line a list shows: the first hard failure, else the first unknown, else the
    first preference missed."""
    if fit.status is Verdict.NOT_ELIGIBLE:
        return fit.hard_failures[0].why
    if fit.status is Verdict.UNKNOWN:
        return next(c.why for c in fit.unknowns if c.hard)
    if fit.preference_misses:
        return f"Preference not met: {fit.preference_misses[0].why}"
    return ""


def directory_page(applicant: Applicant, ctx: FitContext, filters: dict,
                   number: str | int | None) -> tuple[Page, list[ProgramRow]]:
    """One page of 25 (2 queries: count and rows) and whether each is saved (1 query)."""
    page = Paginator(directory(filters, ctx), PAGE_SIZE).get_page(number)
    return page, rows_for(applicant, list(page.object_list), ctx)


def rows_for(applicant: Applicant, programs: list[Program], ctx: FitContext) -> list[ProgramRow]:
    saved = saved_ids(applicant, [p.pk for p in programs])
    return [ProgramRow(p, ctx.fit(p), p.pk in saved) for p in programs]


def saved_ids(applicant: Applicant, program_ids: list[int]) -> set[int]:
    return set(SavedProgram.objects.filter(applicant=applicant, program_id__in=program_ids)
               .values_list("program_id", flat=True))


def own_saved(user, applicant: Applicant) -> list[SavedProgram]:
    return list(SavedProgram.objects.visible_to(user).filter(applicant=applicant)
                .select_related("program"))


def compared(user, applicant: Applicant, ids: list[int]) -> list[Program]:
    """The applicant's own saved programs among `ids`, in the order asked; others are dropped."""
    saved = {s.program_id: s.program for s in SavedProgram.objects.visible_to(user)
             .filter(applicant=applicant, program_id__in=ids).select_related("program")}
    return [saved[pk] for pk in ids if pk in saved]


# The detail and compare pages: each criterion as the program records it


@dataclass(frozen=True)
class CriterionRow:
    title: str
    requirement: str  # the program's requirement in words, or "Unknown: not recorded"
    known: bool
    hard: bool
    source: str
    checked_on: str  # as recorded, 2026-08-01; "" if never
    result: CriterionResult


# engine code -> (the columns that hold it, the column saying whether it is a hard cut-off)
CRITERIA = {
    "years_since_graduation": (("max_years_since_graduation",), "yog_is_hard"),
    "attempts": (("max_attempts_per_step",), "attempts_is_hard"),
    "step2ck_score": (("min_step2ck_score",), "ck_is_hard"),
    "usce": (("min_usce_months",), "usce_is_hard"),
    "visa": (("sponsors_j1", "sponsors_h1b"), None),  # always a hard cut-off
    "certificate": (("certificate_by_rank_deadline",), None),
}
UNKNOWN_TEXT = "Unknown: not recorded"


def criteria_rows(program: Program, fit: Fit, season: int) -> list[CriterionRow]:
    return [_criterion_row(program, result, season) for result in fit.criteria]


def _criterion_row(program: Program, result: CriterionResult, season: int) -> CriterionRow:
    columns, hard_flag = CRITERIA[result.code]
    values = [getattr(program, c) for c in columns]
    known = any(v is not None for v in values)
    note = next((program.criteria_notes.get(c) for c in columns
                 if isinstance(program.criteria_notes.get(c), dict)), {})
    return CriterionRow(
        title=result.title,
        requirement=_requirement(result.code, values, season) if known else UNKNOWN_TEXT,
        known=known,
        hard=getattr(program, hard_flag) if hard_flag else True,
        source=note.get("source") or program.criteria_source,
        checked_on=str(note.get("checked_on") or program.criteria_checked_on or ""),
        result=result,
    )


def _requirement(code: str, values: list, season: int) -> str:
    value = values[0]
    if code == "years_since_graduation":
        return (f"Graduated at most {value} years before the Match "
                f"({season - value} or later for the {season} Match)")
    if code == "attempts":
        return "First-attempt passes only" if value == 1 else f"At most {value} attempts per Step"
    if code == "step2ck_score":
        return f"Step 2 CK {value} or higher"
    if code == "usce":
        return "None needed" if value == 0 else f"{value} months"
    if code == "visa":
        return " · ".join(f"{name}: {_sponsors(v)}" for name, v in zip(("J-1", "H-1B"), values,
                                                                      strict=True))
    return "Needed by the rank deadline" if value else "Not needed by the rank deadline"


def _sponsors(value: bool | None) -> str:
    return {True: "sponsors", False: "does not sponsor", None: "unknown"}[value]



@dataclass(frozen=True)
class Comparison:
    columns: list[ProgramRow]
    rows: list[tuple[str, list[CriterionRow]]]  # per criterion, one cell per program


def comparison(programs: list[Program], ctx: FitContext) -> Comparison:
    columns = [ProgramRow(p, ctx.fit(p), saved=True) for p in programs]
    cells = [criteria_rows(c.program, c.fit, ctx.season) for c in columns]
    titles = [cell.title for cell in cells[0]] if cells else []
    return Comparison(columns, [(title, [c[i] for c in cells]) for i, title in enumerate(titles)])
