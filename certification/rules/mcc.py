"""The Medical Council of Canada's exams and CaRMS first-iteration eligibility for IMGs, in
one place: labels, which attempts count, the attempt limits and waits, and the CaRMS checks.
Pure Python: no Django, no clock (`today` and dates are always arguments).

Facts (shared/domain/RULES.md §6, corrected by §10, and the official pages they cite):
- MCCQE Part I (mcc.ca, "MCCQE Part I: eligibility and application", read 2026-12-01): at
  most 4 attempts; attempts before 2018 do not count; a fail or a Denied Standing counts, a
  No Standing does not; no retake after a pass; after the third attempt, a wait of 1 year
  from receiving that result before applying for the fourth.
- NAC Examination (mcc.ca, "NAC Examination results", read 2026-12-01): at most 3 attempts
  overall whatever their results; from 2018 never in two consecutive sessions (MCC's
  example: after September 2020, September 2021 at the earliest).
- CaRMS R-1 first iteration for IMGs (carms.ca, "Eligibility criteria: first iteration",
  read 2026-12-01): Canadian citizen or permanent resident; a degree by 1 July of the match
  year from a school in the World Directory; MCCQE Part I passed; the NAC Examination
  (required outside Québec); no previous postgraduate training in Canada or the US.

The rule kinds (kinds/canada.py) and the record checks behind the MCC attempt form read the
policy from here, so each fact has one home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .common import add_months, norm
from .facts import MccAttemptFacts
from .usmle import AttemptProblem

MCCQE1, NAC = "MCCQE1", "NAC"
EXAM_LABELS = {MCCQE1: "MCCQE Part I", NAC: "NAC Examination"}
OUTCOMES = ("pending", "pass", "fail", "denied_standing", "no_standing")
OUTCOME_LABELS = {"pending": "Result pending", "pass": "Pass", "fail": "Fail",
                  "denied_standing": "Denied Standing", "no_standing": "No Standing"}

MCCQE1_LIMIT = 4
MCCQE1_COUNTS_FROM = date(2018, 1, 1)  # attempts before this day do not count
MCCQE1_FOURTH_WAIT_MONTHS = 12  # from receiving the third result
NAC_LIMIT = 3
NAC_NO_CONSECUTIVE_FROM = date(2018, 1, 1)
# MCC's own example: after the September 2020 session, September 2021 at the earliest. Used
# when the known NAC sessions (a rule set's `sessions` param) do not cover the dates.
NAC_FALLBACK_GAP_MONTHS = 12
CARMS_DEGREE_BY = (7, 1)  # 1 July of the match year
LIMITS = {MCCQE1: MCCQE1_LIMIT, NAC: NAC_LIMIT}


def exam_label(exam: str) -> str:
    return EXAM_LABELS.get(exam, exam)


def counted(exam: str, attempts: Iterable[MccAttemptFacts]) -> list[MccAttemptFacts]:
    """The attempts of `exam` that count towards its limit, oldest first.

    MCCQE Part I: from 2018, and not a No Standing (a pending result counts: once the exam
    is started it is an attempt). NAC: every sitting, whatever its result."""
    found = [a for a in attempts if a.exam == exam and a.test_date]
    if exam == MCCQE1:
        found = [a for a in found if a.test_date >= MCCQE1_COUNTS_FROM
                 and norm(a.outcome) != "no_standing"]
    return sorted(found, key=lambda a: a.test_date)


def passed(exam: str, attempts: Iterable[MccAttemptFacts]) -> MccAttemptFacts | None:
    """The first pass of `exam` (a pass before 2018 still passes the exam)."""
    passes = [a for a in attempts if a.exam == exam and a.test_date and norm(a.outcome) == "pass"]
    return min(passes, key=lambda a: a.test_date, default=None)


def pending(exam: str, attempts: Iterable[MccAttemptFacts]) -> MccAttemptFacts | None:
    """The latest attempt sat (or booked) whose result is not in yet."""
    found = [a for a in attempts if a.exam == exam and a.test_date
             and norm(a.outcome) in ("", "pending")]
    return max(found, key=lambda a: a.test_date, default=None)


def fourth_attempt_from(attempts: Iterable[MccAttemptFacts]) -> tuple[date, bool] | None:
    """MCCQE Part I: the earliest day to apply for the 4th attempt, once 3 count, and whether
    it is exact (from the recorded date of the third result) or only a lower bound (from its
    test date, the result date not recorded). None: fewer than 3 attempts count."""
    sat = counted(MCCQE1, attempts)
    if len(sat) < 3:
        return None
    third = sat[2]
    start = third.result_date or third.test_date
    return add_months(start, MCCQE1_FOURTH_WAIT_MONTHS), third.result_date is not None


def _month(day: date) -> tuple[int, int]:
    return day.year, day.month


def nac_consecutive(previous: date, new: date, sessions: Iterable[date] = ()) -> bool:
    """Whether a NAC sitting on `new` would be in the session right after the one on
    `previous`. With both months among the known sessions: consecutive when no known session
    lies between them; otherwise MCC's own example decides (less than a year apart)."""
    months = sorted({_month(s) for s in sessions})
    first, second = _month(previous), _month(new)
    if first in months and second in months:
        return not any(first < m < second for m in months) and first < second
    # By month, as MCC's example is: a session may start a few days earlier in the year.
    return second < _month(add_months(previous, NAC_FALLBACK_GAP_MONTHS))


def nac_earliest(previous: date, sessions: Iterable[date] = ()) -> date:
    """The earliest NAC session a retake may be in, after `previous`: its first day, or the
    first day of its month when the known sessions do not reach that far."""
    later = sorted(s for s in sessions if _month(s) > _month(previous))
    allowed = [s for s in later if not nac_consecutive(previous, s, later + [previous])]
    return allowed[0] if allowed else add_months(previous.replace(day=1),
                                                 NAC_FALLBACK_GAP_MONTHS)


# The check behind the "add an MCC attempt" form


def check_new_attempt(exam: str, existing: Iterable[MccAttemptFacts], planned: date,
                      sessions: Iterable[date] = ()) -> list[AttemptProblem]:
    """Why a new attempt of `exam` on `planned` is not allowed; empty when it is. Attempts
    that would not count (an MCCQE Part I before 2018) are never refused."""
    existing, sessions = [a for a in existing if a.exam == exam], tuple(sessions)
    label = exam_label(exam)
    if exam == MCCQE1 and planned < MCCQE1_COUNTS_FROM:
        return []
    earlier = [a for a in existing if a.test_date and a.test_date < planned]
    won = passed(exam, earlier)
    if won:
        return [AttemptProblem("passed", f"{label} was passed on {won.test_date}; it can't be "
                               "taken again after a pass.")]
    taken = counted(exam, earlier)
    limit = LIMITS[exam]
    if len(taken) >= limit:
        extra = " whatever their results" if exam == NAC else " from 2018 on"
        return [AttemptProblem("limit", f"{label} has been attempted {len(taken)} times"
                               f"{extra}; the limit is {limit} attempts.")]
    if exam == MCCQE1:
        return _fourth_wait(earlier, planned)
    return _nac_gap(taken, planned, sessions)


def _fourth_wait(earlier: list[MccAttemptFacts], planned: date) -> list[AttemptProblem]:
    wait = fourth_attempt_from(earlier)
    if wait is None or planned >= wait[0]:
        return []
    basis = "" if wait[1] else " (at the earliest: the date of your third result is not recorded)"
    return [AttemptProblem("too_soon", (
        f"MCCQE Part I on {planned} is too soon: after a third attempt you wait 1 year from "
        f"receiving its result before applying for the fourth; the earliest is {wait[0]}"
        f"{basis}."))]


def _nac_gap(taken: list[MccAttemptFacts], planned: date,
             sessions: tuple[date, ...]) -> list[AttemptProblem]:
    if not taken or planned < NAC_NO_CONSECUTIVE_FROM:
        return []
    last = taken[-1].test_date
    if not nac_consecutive(last, planned, sessions):
        return []
    return [AttemptProblem("too_soon", (
        f"NAC Examination on {planned} is too soon: it can't be taken in two consecutive "
        f"sessions; after the sitting of {last} the earliest is the session of "
        f"{nac_earliest(last, sessions)}."))]


# Where the applicant stands on one exam


@dataclass(frozen=True)
class ExamStanding:
    exam: str
    passed_on: date | None
    used: int  # attempts that count
    limit: int
    pending_on: date | None  # sat or booked, result not in
    earliest_next: date | None  # the earliest next attempt, when a wait applies
    exact: bool = True  # earliest_next is exact, not a lower bound

    @property
    def closed(self) -> bool:
        """The limit is used up without a pass and no result is awaited."""
        return not self.passed_on and not self.pending_on and self.used >= self.limit

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def standing(exam: str, attempts: Iterable[MccAttemptFacts],
             sessions: Iterable[date] = ()) -> ExamStanding:
    attempts, sessions = list(attempts), tuple(sessions)
    won, sat = passed(exam, attempts), counted(exam, attempts)
    wait = None
    if exam == MCCQE1:
        wait = fourth_attempt_from(attempts) if len(sat) == 3 else None
    elif sat and sat[-1].test_date >= NAC_NO_CONSECUTIVE_FROM:
        wait = (nac_earliest(sat[-1].test_date, sessions), True)
    waiting = pending(exam, attempts)
    return ExamStanding(exam, won.test_date if won else None, len(sat), LIMITS[exam],
                        waiting.test_date if waiting else None,
                        wait[0] if wait else None, wait[1] if wait else True)


# CaRMS R-1 first iteration, for IMGs


@dataclass(frozen=True)
class CarmsFacts:
    match_year: int | None
    citizen_or_pr: bool
    school_listed: bool | None  # None: typed by name, not matched to the World Directory
    graduation_date: date | None
    mccqe1_passed: bool
    mccqe1_pending: bool
    nac_passed: bool
    nac_pending: bool
    prior_training: bool  # postgraduate training in Canada or the US


@dataclass(frozen=True)
class CarmsCheck:
    code: str
    title: str
    state: str  # met | waiting (a result or a date still to come) | missing | unknown | no
    why: str


def degree_deadline(match_year: int) -> date:
    return date(match_year, *CARMS_DEGREE_BY)


def carms_checks(facts: CarmsFacts, *, nac_required: bool) -> list[CarmsCheck]:
    """Every first-iteration check for an IMG, each with its state and why."""
    checks = [
        CarmsCheck("CITIZEN", "Canadian citizen or permanent resident",
                   "met" if facts.citizen_or_pr else "no",
                   "Recorded in your profile" if facts.citizen_or_pr else
                   "Only Canadian citizens and permanent residents can apply in the first "
                   "iteration"),
        _school_check(facts.school_listed),
        _degree_check(facts.graduation_date, facts.match_year),
        _exam_check("MCCQE1", EXAM_LABELS[MCCQE1], facts.mccqe1_passed, facts.mccqe1_pending),
    ]
    if nac_required:
        checks.append(_exam_check("NAC", EXAM_LABELS[NAC], facts.nac_passed, facts.nac_pending))
    checks.append(CarmsCheck(
        "TRAINING", "No previous postgraduate training in Canada or the US",
        "no" if facts.prior_training else "met",
        "You recorded postgraduate training in Canada or the US: the first iteration is only "
        "for applicants without it" if facts.prior_training else
        "None recorded in your profile"))
    return checks


def _school_check(listed: bool | None) -> CarmsCheck:
    title = "Medical school in the World Directory of Medical Schools"
    if listed is None:
        return CarmsCheck("SCHOOL", title, "unknown",
                          "Your school is not matched to our copy of the directory: check it "
                          "in the World Directory")
    return CarmsCheck("SCHOOL", title, "met" if listed else "no",
                      "Listed" if listed else "Your school is not listed in the directory")


def _degree_check(graduation: date | None, match_year: int | None) -> CarmsCheck:
    title = "Medical degree by 1 July of the match year"
    if match_year is None:
        return CarmsCheck("DEGREE", title, "unknown", "Choose the CaRMS match year you aim for")
    due = degree_deadline(match_year)
    if graduation is None:
        return CarmsCheck("DEGREE", title, "unknown", "No graduation date recorded")
    if graduation <= due:
        return CarmsCheck("DEGREE", title, "met", f"Graduation {graduation}, by {due}")
    return CarmsCheck("DEGREE", title, "no", f"Graduation {graduation} is after {due}: aim for "
                      f"the {match_year + 1} match or later")


def _exam_check(code: str, label: str, won: bool, waiting: bool) -> CarmsCheck:
    if won:
        return CarmsCheck(code, f"{label} passed", "met", "Passed")
    if waiting:
        return CarmsCheck(code, f"{label} passed", "waiting", "Result pending")
    return CarmsCheck(code, f"{label} passed", "missing", "Not passed yet")
