"""Per-program fit for IMGs: does the applicant meet one program's requirements for a
season's Match. Plain data in, decisions out.

Pure Python: no Django, no clock. Facts: shared/domain/RULES.md §7 (program requirement
archetypes).

Choices made here:
- Years since graduation are whole graduation years counted back from the Match year: a limit
  of 5 for the 2027 Match admits graduates of 2022 or later. Programs that count from the
  application year (2026) would also take 2021, so this reading is the stricter one.
- A program requirement that is not recorded is unknown and treated as a possible hard cut-off;
  one recorded as "none" (Cutoff(None)) is met. Visa sponsorship is always a hard cut-off.
- One function decides each criterion's words: `_criterion` (and `_visa_fit`,
  `_certificate_fit`) set the status, the program's rule in words (`requirement`, None when
  not recorded) and its kind from the same Cutoff, so a page never shows "not recorded" next
  to "the program sets no requirement".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.status import Verdict
from residency.calendar import RESULT_LABELS, CheckStatus, derive_season

MET, NOT_MET, UNKNOWN = CheckStatus.MET, CheckStatus.NOT_MET, CheckStatus.UNKNOWN


@dataclass(frozen=True)
class Cutoff:
    """One program requirement, and whether missing it rules an applicant out (hard) or only
    counts against them (preference). value None: the program states no such requirement."""

    value: int | float | bool | None = None
    hard: bool = True


@dataclass(frozen=True)
class ProgramFacts:
    name: str
    # For each Cutoff field, None means "not recorded": that criterion is unknown.
    max_years_since_graduation: Cutoff | None = None
    max_attempts_per_step: Cutoff | None = None  # attempts allowed per Step; 1: first-attempt
    min_step2ck_score: Cutoff | None = None
    min_usce_months: Cutoff | None = None  # US clinical experience
    certificate_by_rank_deadline: Cutoff | None = None  # value True: certificate needed
    sponsors_j1: bool | None = None  # None: not recorded
    sponsors_h1b: bool | None = None
    h1b_needs_step3_by: date | None = None  # sponsors H-1B only with Step 3 passed by then


@dataclass(frozen=True)
class ApplicantFitFacts:
    graduation_year: int | None = None  # the expected year while still a student
    failed_attempts: Mapping[str, int] | None = None  # per Step, incl. incomplete; absent: 0
    step2ck_score: int | None = None
    usce_months: float | None = None
    visa_need: str | None = None  # none | j1 | h1b | either
    step3_passed_on: date | None = None
    certificate_issued_on: date | None = None
    certificate_expected_on: date | None = None


@dataclass(frozen=True)
class CriterionResult:
    code: str
    title: str
    status: CheckStatus  # met | not_met | unknown
    hard: bool
    why: str
    requirement: str | None = None  # the program's rule in words; None: not recorded
    no_cutoff: bool = False  # the program states it has no such requirement

    @property
    def known(self) -> bool:
        return self.requirement is not None

    @property
    def kind(self) -> str:
        if not self.known:
            return "Possibly a hard cut-off"
        if self.no_cutoff:
            return "No cut-off"
        return "Hard cut-off" if self.hard else "Preference"


@dataclass(frozen=True)
class Fit:
    program: str
    status: Verdict  # eligible | not_eligible | unknown
    criteria: tuple[CriterionResult, ...]

    @property
    def hard_failures(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.hard and c.status is NOT_MET)

    @property
    def preference_misses(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if not c.hard and c.status is NOT_MET)

    @property
    def unknowns(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.status is UNKNOWN)


def program_fit(program: ProgramFacts, applicant: ApplicantFitFacts, season_year: int, *,
                rank_deadline: date | None = None) -> Fit:
    """Does the applicant meet the program's requirements for the `season_year` Match?"""
    return _Judge(applicant, season_year, rank_deadline).fit(program)


def program_fits(programs: Iterable[ProgramFacts], applicant: ApplicantFitFacts,
                 season_year: int, *, rank_deadline: date | None = None) -> list[Fit]:
    """program_fit of each program, in order. Each requirement programs share (often all
    unrecorded) is judged once: a criterion reads its own requirement and the applicant,
    never the program's name."""
    judge = _Judge(applicant, season_year, rank_deadline)
    return [judge.fit(program) for program in programs]


class _Judge:
    """One applicant's criteria for one season's Match, each worked out once per distinct
    requirement (a criterion reads only its own requirement and the applicant)."""

    def __init__(self, applicant: ApplicantFitFacts, season_year: int,
                 rank_deadline: date | None):
        self.applicant, self.season_year = applicant, season_year
        self.deadline = rank_deadline or derive_season(season_year).rol_deadline.on
        self._seen: dict[tuple, CriterionResult] = {}

    def _once(self, key: tuple, make: Callable[[], CriterionResult]) -> CriterionResult:
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = make()
        return found

    def fit(self, program: ProgramFacts) -> Fit:
        applicant, season_year = self.applicant, self.season_year
        years, attempts = program.max_years_since_graduation, program.max_attempts_per_step
        ck, usce = program.min_step2ck_score, program.min_usce_months
        certificate = program.certificate_by_rank_deadline
        criteria = (
            self._once(("years", years), lambda: _criterion(
                ("years_since_graduation", "Years since graduation", "graduation year"),
                years, applicant.graduation_year,
                lambda limit, year: _years_judge(limit, year, season_year),
                lambda limit: (f"Graduated at most {limit} years before the Match "
                               f"({season_year - limit} or later for the {season_year} "
                               "Match)"))),
            self._once(("attempts", attempts), lambda: _criterion(
                ("attempts", "USMLE attempts per Step", "USMLE attempt history"),
                attempts, applicant.failed_attempts, _attempts_judge,
                lambda limit: ("First-attempt passes only" if limit == 1
                               else f"At most {limit} attempts per Step"))),
            self._once(("step2ck", ck), lambda: _criterion(
                ("step2ck_score", "Minimum Step 2 CK score", "Step 2 CK score"),
                ck, applicant.step2ck_score, lambda low, score: (
                    score >= low, f"Step 2 CK {score}; the program's minimum is {low}"),
                lambda low: f"Step 2 CK {low} or higher")),
            self._once(("usce", usce), lambda: _criterion(
                ("usce", "US clinical experience", "US clinical experience"),
                usce, applicant.usce_months, lambda low, months: (
                    months >= low, f"{months:g} months of US clinical experience; the "
                    f"program asks for {low:g}"),
                lambda low: "None needed" if low == 0 else f"{low:g} months")),
            self._once(("visa", program.sponsors_j1, program.sponsors_h1b,
                        program.h1b_needs_step3_by), lambda: _visa_fit(program, applicant)),
            self._once(("certificate", certificate),
                       lambda: _certificate_fit(certificate, applicant, self.deadline)),
        )
        hard = [c.status for c in criteria if c.hard]
        status = (Verdict.NOT_ELIGIBLE if NOT_MET in hard else
                  Verdict.UNKNOWN if UNKNOWN in hard else Verdict.ELIGIBLE)
        return Fit(program.name, status, criteria)


Judge = Callable[[Any, Any], tuple[bool, str]]  # (program value, applicant value) -> (ok, why)


NO_REQUIREMENT = "None: the program sets no requirement"


def _criterion(names: tuple[str, str, str], cutoff: Cutoff | None, value: Any,
               judge: Judge, words: Callable[[Any], str]) -> CriterionResult:
    """names: (code, title, what the applicant's value is called); words: the program's rule
    in words. The status, the why and the rule's words all come from the one Cutoff."""
    code, title, datum = names
    if cutoff is None:  # nothing recorded may hide a hard cut-off
        return CriterionResult(code, title, UNKNOWN, True,
                               f"{title}: the program's requirement is not recorded")
    if cutoff.value is None:
        return CriterionResult(code, title, MET, cutoff.hard,
                               f"{title}: the program sets no requirement", NO_REQUIREMENT,
                               no_cutoff=True)
    rule = words(cutoff.value)
    if value is None:
        return CriterionResult(code, title, UNKNOWN, cutoff.hard,
                               f"Your {datum} is not recorded", rule)
    ok, why = judge(cutoff.value, value)
    return CriterionResult(code, title, MET if ok else NOT_MET, cutoff.hard, why, rule)


def _years_judge(limit: int, graduation_year: int, season_year: int) -> tuple[bool, str]:
    earliest = season_year - limit
    return graduation_year >= earliest, (
        f"Graduation year {graduation_year}; the program takes graduates of {earliest} or later "
        f"(at most {limit} years before the {season_year} Match)")


def _attempts_judge(limit: int, failed: Mapping[str, int]) -> tuple[bool, str]:
    allowed = "first-attempt passes only" if limit == 1 else f"at most {limit} attempts per Step"
    over = [f"{n} failed {RESULT_LABELS.get(s, s)} attempt{'s' if n > 1 else ''}"
            for s, n in sorted(failed.items()) if n >= limit]
    if over:
        return False, f"{', '.join(over)}; the program takes {allowed}"
    failures = sum(failed.values())
    plural = "s" if failures != 1 else ""
    return True, f"{failures or 'No'} failed attempt{plural} on record; the program takes {allowed}"


def _sponsorship_words(program: ProgramFacts) -> str | None:
    values = (program.sponsors_j1, program.sponsors_h1b)
    if all(v is None for v in values):
        return None
    said = {True: "sponsors", False: "does not sponsor", None: "unknown"}
    return " · ".join(f"{name}: {said[v]}" for name, v in zip(("J-1", "H-1B"), values,
                                                              strict=True))


def _visa_fit(program: ProgramFacts, applicant: ApplicantFitFacts) -> CriterionResult:
    need = (applicant.visa_need or "").lower()
    routes = {"j1": ("j1",), "h1b": ("h1b",), "either": ("j1", "h1b")}.get(need)
    rule = _sponsorship_words(program)
    if need == "none":
        return CriterionResult("visa", "Visa sponsorship", MET, True, "No visa needed", rule)
    if routes is None:
        why = "Your visa need is not recorded" if not need else f"Visa need {need!r} unknown"
        return CriterionResult("visa", "Visa sponsorship", UNKNOWN, True, why, rule)
    found = [_route_fit(route, program, applicant) for route in routes]
    status = (MET if any(s is MET for s, _ in found) else
              NOT_MET if all(s is NOT_MET for s, _ in found) else UNKNOWN)
    why = next(w for s, w in found if s is status) if status is MET else "; ".join(
        w for _, w in found)
    return CriterionResult("visa", "Visa sponsorship", status, True, why, rule)


def _route_fit(route: str, program: ProgramFacts,
               applicant: ApplicantFitFacts) -> tuple[CheckStatus, str]:
    name, sponsors = ("J-1", program.sponsors_j1) if route == "j1" else (
        "H-1B", program.sponsors_h1b)
    if sponsors is None:
        return UNKNOWN, f"Whether the program sponsors {name} visas is not recorded"
    if not sponsors:
        return NOT_MET, f"The program does not sponsor {name} visas"
    by, passed = program.h1b_needs_step3_by, applicant.step3_passed_on
    if route == "j1" or by is None:
        return MET, f"The program sponsors {name} visas"
    rule = f"The program sponsors H-1B only with Step 3 passed by {by}"
    if passed is None:
        return UNKNOWN, f"{rule}; Step 3 not passed yet"
    return (MET if passed <= by else NOT_MET), f"{rule}; Step 3 passed on {passed}"


def _certificate_fit(cutoff: Cutoff | None, applicant: ApplicantFitFacts,
                     deadline: date) -> CriterionResult:
    code, title = "certificate", "ECFMG certificate by the rank deadline"
    if cutoff is None:
        return CriterionResult(code, title, UNKNOWN, True,
                               "Whether the program needs the certificate by the rank "
                               "deadline is not recorded")
    if cutoff.value is None:
        return CriterionResult(code, title, MET, cutoff.hard,
                               f"{title}: the program sets no requirement", NO_REQUIREMENT,
                               no_cutoff=True)
    if not cutoff.value:
        return CriterionResult(code, title, MET, cutoff.hard,
                               "The program does not need the certificate by the rank deadline",
                               "Not needed by the rank deadline")
    issued, expected = applicant.certificate_issued_on, applicant.certificate_expected_on
    rule = f"the program needs the ECFMG certificate by the rank deadline ({deadline})"
    if issued:
        status, why = (MET if issued <= deadline else NOT_MET), f"Certificate issued on {issued}"
    elif expected and expected > deadline:
        status, why = NOT_MET, f"Certificate expected about {expected}"
    else:
        status = UNKNOWN
        why = f"Certificate expected about {expected}" if expected else "No certificate yet"
    return CriterionResult(code, title, status, cutoff.hard, f"{why}; {rule}",
                           "Needed by the rank deadline")
