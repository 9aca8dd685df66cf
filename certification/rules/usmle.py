"""USMLE, in one place: labels, pass marks by test date and verdicts, the attempt policy and
Step 2 CS's end. Pure Python: no Django, no clock (`today`/dates are always arguments).
Facts: shared/domain/RULES.md §2 ("attempt limit", exam-policy history) and §5 (U1-U3).

The rule kinds (kinds/exams.py), the record checks behind the forms and the Match side all
read the policy from here, so each fact has one home.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .common import add_months, in_force, norm
from .facts import ExamAttemptFacts

EXAM_LABELS = {"STEP1": "Step 1", "STEP2CK": "Step 2 CK", "STEP2CS": "Step 2 CS", "STEP3": "Step 3"}
FINAL_OUTCOMES = ("pass", "fail", "incomplete")
FAILED_OUTCOMES = ("fail", "incomplete")  # both use up an attempt without a pass

# Attempt limits (RULES §2 "attempt limit", §5 U1-U3), keyed by the application date.
ATTEMPT_LIMIT = 4  # per Step, for applications from FOUR_ATTEMPTS_FROM
FOUR_ATTEMPTS_FROM = date(2021, 7, 1)
SIX_ATTEMPTS_FROM = date(2012, 1, 1)
SIX_ATTEMPTS_PRIOR_EXAMINEES_FROM = date(2013, 1, 1)  # people who had tested before 2012

STEP2CS_DISCONTINUED = date(2021, 1, 26)
# Since January 2026 FSMB, not ECFMG, runs USMLE exam services for IMGs (usmle.org,
# 2026-01-26): applications, permits, attempts. One contiguous 3-month extension of an
# eligibility period may be asked for up to 25 days after the period ends (FSMB page).
EXAM_SERVICES = "FSMB"
EXTENSION_REQUEST_DAYS = 25
EXTENSION_MONTHS = 3
CS_FAILER_PATHWAY = "6"  # RULES §1: the one Pathway open to a Step 2 CS failer; sets may override
# Step 1 went pass/fail for tests from this day (RULES §2); a rule set's pass_fail_from wins.
STEP1_PASS_FAIL_FROM = date(2022, 1, 26)


def exam_label(exam: str) -> str:
    return EXAM_LABELS.get(exam, exam)


# Pass marks and verdicts


@dataclass(frozen=True)
class MarkTable:
    """One exam's pass marks by TEST date, with where they come from."""

    marks: tuple[tuple[str, int], ...]  # (("YYYY-MM-DD", mark), ...), ascending
    pass_fail_from: date | None = None  # reported pass/fail for tests from this day
    source: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any], source: str = "") -> MarkTable:
        """The table an exam_passed requirement's params describe."""
        start = params.get("pass_fail_from")
        return cls(tuple(map(tuple, params.get("pass_marks") or ())),
                   date.fromisoformat(start) if start else None, source)

    def pass_fail_on(self, day: date) -> bool:
        return bool(self.pass_fail_from) and day >= self.pass_fail_from

    def mark_on(self, day: date) -> int | None:
        """The pass mark in force on a test date; None in the pass/fail era or if not on file."""
        return None if self.pass_fail_on(day) else in_force(self.marks, day)


def score_verdict(score: int | None, mark: int | None) -> str | None:
    """pass / fail from a score and the mark in force; None when either is missing."""
    if score is None or mark is None:
        return None
    return "pass" if score >= mark else "fail"


def verdict(attempt: ExamAttemptFacts, table: MarkTable) -> str | None:
    """pass / fail / incomplete, or None while unknown. A recorded outcome always wins."""
    outcome = norm(attempt.outcome)
    if outcome in FINAL_OUTCOMES:
        return outcome
    return score_verdict(attempt.score, table.mark_on(attempt.test_date))


# Attempts


def attempts_sat(exam: str, attempts: Iterable[ExamAttemptFacts]) -> list[ExamAttemptFacts]:
    """Attempts of `exam` that have a test date, oldest first."""
    exam = exam.upper()
    found = [a for a in attempts if a.test_date and a.exam.upper() == exam]
    return sorted(found, key=_test_date)


def _test_date(attempt: ExamAttemptFacts) -> date:
    return attempt.test_date


def _sat_by_exam(attempts: Iterable[ExamAttemptFacts]) -> dict[str, list[ExamAttemptFacts]]:
    """attempts_sat of every exam on record, in one pass (an exam with no test date has an
    empty list)."""
    found: dict[str, list[ExamAttemptFacts]] = {}
    for attempt in attempts:
        sat = found.setdefault(attempt.exam.upper(), [])
        if attempt.test_date:
            sat.append(attempt)
    for sat in found.values():
        sat.sort(key=_test_date)
    return found


def recorded_pass(attempt: ExamAttemptFacts) -> bool:
    return norm(attempt.outcome) == "pass"


def first_pass(exam: str, attempts: Iterable[ExamAttemptFacts]) -> ExamAttemptFacts | None:
    return next((a for a in attempts_sat(exam, attempts) if recorded_pass(a)), None)


def first_cs_fail(attempts: Iterable[ExamAttemptFacts]) -> date | None:
    """The first failed Step 2 CS: from then on only the CS failer's Pathway is open."""
    fails = [a.test_date for a in attempts_sat("STEP2CS", attempts) if norm(a.outcome) == "fail"]
    return fails[0] if fails else None


def attempt_limit(application_date: date, attempts: Iterable[ExamAttemptFacts]) -> int | None:
    """Attempts allowed per Step for an application made that day; None: no limit then."""
    if application_date >= FOUR_ATTEMPTS_FROM:
        return ATTEMPT_LIMIT
    if application_date >= SIX_ATTEMPTS_PRIOR_EXAMINEES_FROM:
        return 6
    tested_before = any(a.test_date and a.test_date < SIX_ATTEMPTS_FROM for a in attempts)
    if application_date >= SIX_ATTEMPTS_FROM and not tested_before:
        return 6
    return None


def limit_rule(limit: int) -> str:
    if limit == 4:
        return "the limit is 4 attempts per Step for applications from 2021-07-01"
    return f"the limit was {limit} attempts per Step for applications before 2021-07-01"


def step_at_limit(
    attempts: Iterable[ExamAttemptFacts], limit: int | None, *, count_pending: bool
) -> tuple[str, int] | None:
    """A Step with `limit` or more attempts and no pass: it closes every Step (U1)."""
    if limit is None:
        return None
    by_exam = _sat_by_exam(attempts)
    for exam in sorted(by_exam):
        sat = by_exam[exam]
        if any(recorded_pass(a) for a in sat):
            continue
        if not count_pending:  # a result still to come may yet be a pass
            sat = [a for a in sat if norm(a.outcome) in FAILED_OUTCOMES]
        if len(sat) >= limit:
            return exam, len(sat)
    return None


def earliest_allowed_date(exam: str, existing: Iterable[ExamAttemptFacts]) -> date | None:
    """Earliest test date the spacing rule (U2) allows for the next attempt; None: no limit.

    At most 3 attempts of a Step in any 12 months, so the next one waits until 12 months after
    the third most recent; from the 4th on, also 6 months after the latest.
    """
    dates = [a.test_date for a in attempts_sat(exam, existing)]
    if len(dates) < 3:
        return None
    return max(add_months(dates[-3], 12), add_months(dates[-1], 6))


# Scheduling (RULES §5 U1-U3): the check behind the "plan an attempt" form


@dataclass(frozen=True)
class AttemptProblem:
    """Why a planned attempt is refused. kind: discontinued | passed | limit | too_soon
    (too_soon is about the date; the others about taking the exam at all)."""

    kind: str
    message: str


def check_new_attempt(
    exam: str,
    existing: Iterable[ExamAttemptFacts],
    planned_date: date,
    application_date: date,
) -> list[AttemptProblem]:
    """Why a new attempt of `exam` on `planned_date` is not allowed; empty when it is."""
    existing, exam = list(existing), exam.upper()
    label = exam_label(exam)
    if exam == "STEP2CS" and planned_date >= STEP2CS_DISCONTINUED:
        return [AttemptProblem("discontinued", f"Step 2 CS was discontinued on "
                               f"{STEP2CS_DISCONTINUED}; it can't be taken.")]
    passed = first_pass(exam, existing)
    if passed:
        return [AttemptProblem("passed", f"{label} was passed on {passed.test_date}; a passed "
                               "Step can't be retaken (except to meet a licensing authority's "
                               "time limit).")]
    problems = _limit_problems(exam, existing, application_date)
    earliest = earliest_allowed_date(exam, existing)
    if earliest and planned_date < earliest:
        problems.append(AttemptProblem("too_soon", (
            f"{label} on {planned_date} is too soon: at most 3 attempts of a Step in 12 months, "
            "and a 4th or later attempt must be at least 12 months after the first and 6 months "
            f"after the latest; the earliest allowed date is {earliest}.")))
    return problems


def _limit_problems(exam: str, existing: list[ExamAttemptFacts],
                    applied: date) -> list[AttemptProblem]:
    limit = attempt_limit(applied, existing)
    taken = len(attempts_sat(exam, existing))
    if limit is not None and taken >= limit:
        return [AttemptProblem("limit", f"{exam_label(exam)} has been attempted {taken} times; "
                               f"{limit_rule(limit)}.")]
    hit = step_at_limit(existing, limit, count_pending=True)  # a pending 4th may still fail
    if hit:
        return [AttemptProblem("limit", f"{hit[1]} attempts on {exam_label(hit[0])} without a "
                               f"pass close every USMLE Step; {limit_rule(limit)}.")]
    return []
