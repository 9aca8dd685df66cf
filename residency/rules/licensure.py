"""US state licensure limits, checked against the applicant's own USMLE attempts.

Pure Python: no Django, no clock (`today` is an argument). Facts: shared/domain/RULES.md §5
U1 (4 attempts per Step, USMLE's own limit) and U8 (state boards: all Steps within N years,
counted from the first pass or the first attempt; per-Step attempt caps; FSMB publishes the
state-by-state table). The per-state values are data (residency.models.StateLicensureLimit),
each with its source and the day it was checked; most are third-party or sample values.

A state's verdict, as core.status.CheckStatus:
  met        every Step passed, within the state's years and attempt caps
  on_track   within every limit so far; Step 3 (or another Step) still to pass in time
  not_met    outside a limit: a Step passed after more attempts than the state allows, no
             attempt left on a Step, or the years ran out
  unknown    the table has no limit on record for the state
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from certification.rules import ExamAttemptFacts
from certification.rules.common import add_months, norm
from certification.rules.usmle import EXAM_LABELS, attempts_sat, recorded_pass
from core.status import CheckStatus

STEPS = ("STEP1", "STEP2CK", "STEP3")  # the licensing sequence (RULES §5 U7)
FIRST_PASS, FIRST_ATTEMPT = "first_pass", "first_attempt"
CLOCKS = {FIRST_PASS: "the first Step passed", FIRST_ATTEMPT: "the first Step attempted"}


@dataclass(frozen=True)
class StateLimits:
    state: str  # USPS code
    name: str
    years: int | None = None  # to pass every Step; None: no time limit on record
    clock: str = FIRST_PASS  # FIRST_PASS | FIRST_ATTEMPT
    attempts_per_step: int | None = None  # Step 1 and Step 2 CK; None: no cap on record
    step3_attempts: int | None = None  # None: the per-Step cap, if any
    training_years: float | None = None  # accredited postgraduate training an IMG needs

    @property
    def known(self) -> bool:
        return any(v is not None for v in (self.years, self.attempts_per_step,
                                           self.step3_attempts))

    def cap(self, step: str) -> int | None:
        if step == "STEP3" and self.step3_attempts is not None:
            return self.step3_attempts
        return self.attempts_per_step


@dataclass(frozen=True)
class StateStanding:
    limits: StateLimits
    status: CheckStatus
    reasons: tuple[str, ...] = ()  # why, one phrase per limit that decides
    clock_from: date | None = None  # when the years started, if they have
    step3_by: date | None = None  # the day by which Step 3 must be passed, if one applies
    steps_left: tuple[str, ...] = field(default_factory=tuple)  # Steps still to pass

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def _sat(step: str, attempts: Iterable[ExamAttemptFacts], today: date) -> list[ExamAttemptFacts]:
    """Attempts of a Step that were sat (a booked future date is not an attempt yet)."""
    return [a for a in attempts_sat(step, attempts)
            if a.test_date <= today or norm(a.outcome) in ("pass", "fail", "incomplete")]


def clock_start(limits: StateLimits, attempts: Iterable[ExamAttemptFacts],
                today: date) -> date | None:
    """The day the state's years start: the first pass or the first attempt of any Step."""
    attempts = list(attempts)
    days = []
    for step in STEPS:
        sat = _sat(step, attempts, today)
        if limits.clock == FIRST_ATTEMPT:
            days += [a.test_date for a in sat[:1]]
        else:
            days += [a.test_date for a in sat if recorded_pass(a)][:1]
    return min(days, default=None)


def _attempt_reasons(limits: StateLimits, attempts: list, today: date) -> tuple[list, list]:
    """(outside, within) phrases for each capped Step."""
    outside, within = [], []
    for step in STEPS:
        cap, sat = limits.cap(step), _sat(step, attempts, today)
        if cap is None or not sat:
            continue
        label = EXAM_LABELS[step]
        passes = [i for i, a in enumerate(sat, 1) if recorded_pass(a)]
        if passes and passes[0] > cap:
            outside.append(f"{label} passed at attempt {passes[0]}; the limit is {cap}")
        elif not passes and len(sat) >= cap:
            outside.append(f"{label}: {len(sat)} attempts without a pass; the limit is {cap}")
        elif not passes:
            within.append(f"{label}: {len(sat)} of {cap} attempts used")
    return outside, within


def state_standing(limits: StateLimits, attempts: Iterable[ExamAttemptFacts],
                   today: date) -> StateStanding:
    """Whether the applicant's record keeps them within one state's limits."""
    if not limits.known:
        return StateStanding(limits, CheckStatus.UNKNOWN, ("No limits on record for this state",))
    attempts = list(attempts)
    passes = {s: next((a.test_date for a in _sat(s, attempts, today) if recorded_pass(a)), None)
              for s in STEPS}
    left = tuple(s for s in STEPS if passes[s] is None)
    outside, within = _attempt_reasons(limits, attempts, today)
    start = clock_start(limits, attempts, today) if limits.years else None
    due = add_months(start, 12 * limits.years) if start else None
    if due:
        late = [s for s in STEPS if passes[s] and passes[s] > due]
        if late:
            outside.append(f"{EXAM_LABELS[late[0]]} passed on {passes[late[0]]}, after the "
                           f"{limits.years}-year limit ended on {due}")
        elif left and today > due:
            outside.append(f"the {limits.years} years from {CLOCKS[limits.clock]} ({start}) "
                           f"ended on {due}")
        elif left:
            within.append(f"every Step by {due} ({limits.years} years from "
                          f"{CLOCKS[limits.clock]}, {start})")
    elif limits.years:
        within.append(f"{limits.years} years to pass every Step, from {CLOCKS[limits.clock]}: "
                      "not started yet")
    step3_by = due if due and passes["STEP3"] is None else None
    if outside:
        return StateStanding(limits, CheckStatus.NOT_MET, tuple(outside), start, step3_by, left)
    if not left:
        return StateStanding(limits, CheckStatus.MET, ("Every Step passed within the limits",),
                             start, None, left)
    return StateStanding(limits, CheckStatus.ON_TRACK, tuple(within) or ("Within the limits",),
                         start, step3_by, left)


def standings(table: Iterable[StateLimits], attempts: Iterable[ExamAttemptFacts],
              today: date) -> list[StateStanding]:
    attempts = tuple(attempts)
    return [state_standing(limits, attempts, today) for limits in table]
