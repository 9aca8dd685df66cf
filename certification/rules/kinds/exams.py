"""Exams: a USMLE Step passed (with the attempt limit, Step 2 CS's end, registrations and
retakes), and the window within which all exams must be passed. The USMLE policy itself
(pass marks, verdicts, attempt limits) is usmle.py's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from core.status import Status

from ..common import Result, add_months, and_list, blocked, met, norm, progress, sentence, todo
from ..engine import Requirement
from ..facts import ExamAttemptFacts, Facts
from ..params import dated_table, iso_date, nullable, number, one_of, subset
from ..registry import RuleKind, register
from ..usmle import (
    EXAM_LABELS,
    EXAM_SERVICES,
    EXTENSION_MONTHS,
    EXTENSION_REQUEST_DAYS,
    FINAL_OUTCOMES,
    STEP2CS_DISCONTINUED,
    MarkTable,
    attempt_limit,
    attempts_sat,
    earliest_allowed_date,
    first_pass,
    limit_rule,
    step_at_limit,
    verdict,
)

ELIGIBILITY_WARNING_DAYS = 30  # an unscheduled USMLE eligibility period this close to its end
EXAM_WINDOW_WARNING_DAYS = 180  # exams take months to book, so the exam window warns early
BOOKABLE = ("STEP1", "STEP2CK", "STEP3")  # Step 2 CS can no longer be booked


def exam_passed(req: Requirement, facts: Facts, today: date) -> Result:
    exam, table = req.params["exam"], MarkTable.from_params(req.params)
    sat = [a for a in attempts_sat(exam, facts.exams)
           if a.test_date <= today or norm(a.outcome) in FINAL_OUTCOMES]
    verdicts = [(a, verdict(a, table)) for a in sat]
    passes = [a for a, v in verdicts if v == "pass"]
    if passes:
        return _pass_result(passes[0], table)
    unknown = [a for a, v in verdicts if v is None]
    if unknown:
        return _pending_result(unknown[-1], table)
    registrations = [a for a in facts.exams if a.exam.upper() == exam and a not in sat]
    return (_limit_block(exam, len(sat), facts.exams, today)
            or _discontinued(exam, today)
            or _registration_result(exam, registrations, today)
            or _retake_result(exam, verdicts, registrations, facts.exams, today, table))


def _result_text(attempt: ExamAttemptFacts, verdict: str, table: MarkTable) -> str:
    word = {"pass": "passed", "fail": "failed", "incomplete": "incomplete"}[verdict]
    text = f"{EXAM_LABELS[attempt.exam.upper()]} {word} on {attempt.test_date}"
    if table.pass_fail_on(attempt.test_date):
        return text + " (reported pass/fail)"
    if attempt.score is None:
        return text
    mark = table.mark_on(attempt.test_date)
    needed = f" ({mark} needed on that date)" if mark is not None else ""
    return f"{text} with {attempt.score}{needed}"


def _pass_result(attempt: ExamAttemptFacts, table: MarkTable) -> Result:
    why, mark = _result_text(attempt, "pass", table), table.mark_on(attempt.test_date)
    if attempt.score is not None and mark is not None and attempt.score < mark:
        return met(f"{why}; recorded as a pass although the score is below the mark",
                   "Check the outcome and score on your USMLE transcript")
    return met(why)


def _pending_result(attempt: ExamAttemptFacts, table: MarkTable) -> Result:
    label = EXAM_LABELS[attempt.exam.upper()]
    if attempt.score is None:
        return progress(f"{label} taken on {attempt.test_date}; result pending",
                        f"Record the {label} result when it is released")
    reason = ("reported pass/fail" if table.pass_fail_on(attempt.test_date)
              else "no pass mark on file for that date")
    return progress(f"{label} score {attempt.score} from {attempt.test_date} has no recorded "
                    f"outcome ({reason})", "Record the outcome shown on your USMLE transcript")


def _limit_block(exam: str, taken: int, attempts: tuple, today: date) -> Result | None:
    limit = attempt_limit(today, attempts)
    if limit is None:
        return None
    hit = (exam, taken) if taken >= limit else step_at_limit(attempts, limit, count_pending=False)
    if not hit:
        return None
    return blocked(f"{hit[1]} attempts on {EXAM_LABELS[hit[0]]} without a pass; no USMLE Step "
                   f"can be taken any more ({limit_rule(limit)})",
                   f"Contact {EXAM_SERVICES}, which runs USMLE exam services for IMGs since "
                   "January 2026, about your options: no further USMLE attempts are allowed")


def _discontinued(exam: str, today: date) -> Result | None:
    if exam != "STEP2CS" or today < STEP2CS_DISCONTINUED:
        return None
    return blocked(f"Step 2 CS not passed; it was discontinued on {STEP2CS_DISCONTINUED}",
                   "Meet the clinical skills requirement through an ECFMG Pathway")


def _registration_result(exam: str, regs: list[ExamAttemptFacts], today: date) -> Result | None:
    """An open registration: scheduled, eligibility period open or about to open."""
    if not regs:
        return None
    reg = max(regs, key=lambda a: a.eligibility_end or a.scheduled_date or date.min)
    label, planned = EXAM_LABELS[exam], reg.test_date or reg.scheduled_date
    start, end = reg.eligibility_start, reg.eligibility_end
    if planned:
        if planned >= today:
            return progress(f"{label} scheduled for {planned}", f"Sit {label} on {planned}")
        return progress(f"{label} was scheduled for {planned}; no result recorded",
                        f"Record your {label} result")
    if end is None:
        return progress(f"Registered for {label}; eligibility period not recorded",
                        "Record the eligibility period from your scheduling permit")
    if end < today and (today - end).days <= EXTENSION_REQUEST_DAYS:
        last = end + timedelta(days=EXTENSION_REQUEST_DAYS)
        return Result(Status.EXPIRING,
                      f"{label} eligibility period ended {end} with no test date; an "
                      f"extension can still be requested until {last}",
                      f"Ask {EXAM_SERVICES} for the one {EXTENSION_MONTHS}-month extension by "
                      f"{last}, or apply again")
    if end < today:
        return None  # lapsed unused: not an attempt; the retake text mentions it
    if start and start > today:
        return progress(f"Registered for {label}; eligibility period {start} to {end}",
                        f"Schedule a {label} test date between {start} and {end}")
    if (end - today).days <= ELIGIBILITY_WARNING_DAYS:
        return Result(Status.EXPIRING,
                      f"{label} eligibility period ends {end} and no test date is scheduled",
                      f"Schedule {label} before {end}, or ask {EXAM_SERVICES} for the one "
                      f"{EXTENSION_MONTHS}-month extension")
    return progress(f"{label} eligibility period open until {end}; no test date scheduled",
                    f"Schedule a {label} test date before {end}")


def _retake_result(exam: str, verdicts: list, regs: list, attempts: tuple, today: date,
                   table: MarkTable) -> Result:
    label, parts = EXAM_LABELS[exam], []
    if verdicts:
        parts.append(_result_text(*verdicts[-1], table))
    last_sat = verdicts[-1][0].test_date if verdicts else date.min
    lapsed = [r.eligibility_end for r in regs if r.eligibility_end and last_sat
              < r.eligibility_end < today - timedelta(days=EXTENSION_REQUEST_DAYS)]
    if lapsed:
        parts.append(f"eligibility period ended {max(lapsed)} unused")
    limit = attempt_limit(today, attempts)
    if verdicts:
        parts.append(f"{len(verdicts)} of {limit} attempts used" if limit
                     else f"{len(verdicts)} attempts used")
    why = "; ".join(parts) or f"No {label} attempt recorded"
    action = f"Apply to retake {label}" if verdicts else f"Apply for {label}"
    earliest = earliest_allowed_date(exam, attempts)
    if earliest and earliest > today:
        action += f"; the earliest allowed test date is {earliest}"
    return todo(sentence(why), action)


def exam_window_years(req: Requirement, facts: Facts, today: date) -> Result:
    """All required exams passed within N years of the first pass, else that pass lapses."""
    years, exams = req.params["years"], req.params["exams"]
    passes = {e: first_pass(e, facts.exams) for e in exams}
    passed = {e: a.test_date for e, a in passes.items() if a}
    if not passed:
        return todo(f"No required exam passed yet; the {years}-year window starts at the first "
                    "pass", f"Pass {EXAM_LABELS[exams[0]]}")
    first_exam, first = min(passed.items(), key=lambda item: item[1])
    end = add_months(first, 12 * years)
    late = sorted((d, e) for e, d in passed.items() if d > end)
    start = f"{EXAM_LABELS[first_exam]} passed on {first}"
    if late:
        return blocked(f"{start}; {EXAM_LABELS[late[0][1]]} passed on {late[0][0]}, more than "
                       f"{years} years later", f"Ask ECFMG how to replace your "
                       f"{EXAM_LABELS[first_exam]} pass: it no longer counts")
    if len(passed) == len(exams):
        return met(f"All required exams passed from {first} to {max(passed.values())}, "
                   f"within {years} years")
    missing = and_list([EXAM_LABELS[e] for e in exams if e not in passed])
    if today > end:
        return blocked(f"{start}; the {years}-year window ended {end} before {missing} was "
                       "passed", f"Ask ECFMG how to replace your {EXAM_LABELS[first_exam]} pass")
    why = f"{start}; {missing} must be passed by {end}"
    if (end - today).days <= EXAM_WINDOW_WARNING_DAYS:
        return Result(Status.EXPIRING, why, f"Pass {missing} by {end}")
    return progress(why, f"Pass {missing} by {end}")


TIME_LIMIT_UNSETTLED = (
    "Not counted: ECFMG's 2024 Information Booklet still refers to a time limit for "
    "completing the examination requirements, and no source we have says whether the "
    "{years}-year limit still applies. Check with ECFMG")


def exam_window_when_off(req: Requirement, facts: Facts, today: date) -> Result:
    """The window switched off in a Pathways-era set. Where the limit would bite (a pass more
    than N years after the first, or the window ended or closing before the rest is
    passed): a warning to check with ECFMG, never blocking and counted in no total. Else a
    line not checked, with what the limit would say."""
    years = req.params["years"]
    warning = TIME_LIMIT_UNSETTLED.format(years=years)
    would = exam_window_years(req, facts, today)
    if would.status in (Status.BLOCKED, Status.EXPIRING):
        return Result(Status.CHECK_WITH_ECFMG, f"{warning}. By that limit: {would.why}",
                      "Ask ECFMG whether a time limit applies to your exam passes")
    if would.status in (Status.MET, Status.IN_PROGRESS):
        return Result(Status.NOT_APPLICABLE, f"{warning}. By that limit: {would.why}")
    return Result(Status.NOT_APPLICABLE, f"{warning}.")


def _exam_awaits(params: Mapping[str, Any]) -> str | None:
    """A booked Step's result can settle it; Step 2 CS, discontinued, can't be booked."""
    return params["exam"] if params["exam"] in BOOKABLE else None


EXAM_PASSED = register(RuleKind(
    "exam_passed", label="USMLE Step passed", group="exams", fix_page="certification:exams",
    params={
        "exam": (True, one_of(*EXAM_LABELS)),
        "pass_marks": (False, dated_table(1, 300)),
        "pass_fail_from": (False, nullable(iso_date)),
    },
    evaluate=exam_passed, reads=("exams",), awaits=_exam_awaits))
EXAM_WINDOW_YEARS = register(RuleKind(
    "exam_window_years", label="Exams passed within N years", group="exams",
    fix_page="certification:exams",
    params={
        "years": (True, number(1, 20, whole=True)),
        "exams": (True, subset(tuple(EXAM_LABELS))),
    },
    evaluate=exam_window_years, reads=("exams",), awaits=lambda params: None,
    when_off=exam_window_when_off))
