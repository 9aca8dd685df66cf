"""What the program directory shows: search and filters in SQL, fit per row in Python.

Programs are public directory data: every applicant may read every program. Saved programs
are the applicant's own and are always read through `.visible_to(user)` and their profile.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404

from applicants.models import Applicant

from ..facts import FactCheck
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
    visas = Q()
    for visa in filters.get("visa") or ():
        if visa in ("j1", "h1b"):
            visas |= Q(**{f"sponsors_{visa}": True})
    programs = programs.filter(visas)
    if filters.get("min_img_share") not in (None, ""):
        programs = programs.filter(img_share__gte=filters["min_img_share"])
    # A program whose limit is not recorded stays: unknown is not a refusal.
    for field, lookup, column in (("years_since_graduation", "gte", "max_years_since_graduation"),
                                  ("step2ck", "lte", "min_step2ck_score"),
                                  ("attempts", "gte", "max_attempts_per_step")):
        if filters.get(field) not in (None, ""):
            programs = programs.filter(Q(**{f"{column}__{lookup}": filters[field]})
                                       | Q(**{f"{column}__isnull": True}))
    if filters.get("eligible"):
        programs = programs.eligible_for(ctx.facts, ctx.season, rank_deadline=ctx.rank_deadline)
    return _sorted(programs, filters.get("sort") or "", ctx, filters.get("q", ""))


def _sorted(programs, sort: str, ctx: FitContext, search: str = ""):
    if sort == "fit":
        return programs.with_known_misses(ctx.facts, ctx.season, rank_deadline=ctx.rank_deadline
                                          ).order_by("known_miss", "name", "pk")
    orders = {"name": ("name", "pk"), "state": ("state", "city", "name", "pk"),
              "img_share": (F("img_share").desc(nulls_last=True), "name", "pk")}
    if sort in orders:
        return programs.order_by(*orders[sort])
    return programs.by_relevance(search, *ORDER)  # no sort chosen: the best match first


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
    """One page of 25 with whether the applicant saved each (2 queries: count and rows)."""
    saved = SavedProgram.objects.filter(applicant=applicant, program=OuterRef("pk"))
    rows = directory(filters, ctx).annotate(saved_by_applicant=Exists(saved))
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    programs = list(page.object_list)
    return page, [ProgramRow(p, fit, p.saved_by_applicant)
                  for p, fit in zip(programs, ctx.fits(programs), strict=True)]


def access_saved(user, applicant: Applicant, pk: int) -> SavedProgram:
    """One of the applicant's own saved programs, with its program; 404 for anyone else's."""
    return get_object_or_404(SavedProgram.objects.visible_to(user).filter(applicant=applicant)
                             .select_related("program"), pk=pk)


def saved_one(applicant: Applicant, program: Program) -> SavedProgram | None:
    """The applicant's own save of `program`, or None."""
    return SavedProgram.objects.filter(applicant=applicant, program=program).first()


def own_saved(user, applicant: Applicant) -> list[SavedProgram]:
    """The applicant's saved programs, newest first, each with its recorded deadline."""
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
    kind: str  # Hard cut-off | Preference | No cut-off | Possibly a hard cut-off
    source: str
    checked: str  # "checked 5 Jan 2027" or "not checked yet" (per fact when they differ)
    result: CriterionResult


# engine code -> the program facts (columns) it reads, each with its own check
CRITERIA = {
    "years_since_graduation": ("max_years_since_graduation",),
    "attempts": ("max_attempts_per_step",),
    "step2ck_score": ("min_step2ck_score",),
    "usce": ("min_usce_months",),
    "visa": ("sponsors_j1", "sponsors_h1b"),
    "certificate": ("certificate_by_rank_deadline",),
}
UNKNOWN_TEXT = "Unknown: not recorded"


def criteria_rows(program: Program, fit: Fit, season: int) -> list[CriterionRow]:
    return [_criterion_row(program, result) for result in fit.criteria]


def _criterion_row(program: Program, result: CriterionResult) -> CriterionRow:
    """The rule's words, its kind and the status all come from the fit engine's one decision
    (residency.rules.fit); this row only adds where the program's values came from and when
    each was checked (Program.fact_check)."""
    checks = [program.fact_check(column) for column in CRITERIA[result.code]]
    return CriterionRow(
        title=result.title,
        requirement=result.requirement if result.known else UNKNOWN_TEXT,
        known=result.known,
        hard=result.hard,
        kind=result.kind,
        source=_per_fact(checks, lambda c: c.source),
        checked=_per_fact(checks, lambda c: c.words),
        result=result,
    )


def _per_fact(checks: list[FactCheck], value) -> str:
    """One value when the facts agree, else each fact's: "J-1 checked 5 Jan 2027; H-1B not
    checked yet"."""
    values = [value(check) for check in checks]
    if len(set(values)) == 1:
        return values[0]
    return "; ".join(f"{check.fact.label}: {v or 'not recorded'}"
                     for check, v in zip(checks, values, strict=True))


@dataclass(frozen=True)
class Comparison:
    columns: list[ProgramRow]
    # per criterion, one (program name, cell) per program: a phone shows each cell as a
    # card line headed by its program's name
    rows: list[tuple[str, list[tuple[str, CriterionRow]]]]


def comparison(programs: list[Program], ctx: FitContext) -> Comparison:
    columns = [ProgramRow(p, ctx.fit(p), saved=True) for p in programs]
    cells = [criteria_rows(c.program, c.fit, ctx.season) for c in columns]
    titles = [cell.title for cell in cells[0]] if cells else []
    names = [c.program.name for c in columns]
    return Comparison(columns, [
        (title, [(name, c[i]) for name, c in zip(names, cells, strict=True)])
        for i, title in enumerate(titles)])
