"""The Canadian route: MCCQE Part I passed, the NAC Examination passed, and CaRMS R-1
first-iteration eligibility for IMGs. A requirement set of its own kind (track "canada"),
evaluated by the same engine; the MCC and CaRMS policy itself is mcc.py's."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import mcc
from ..common import Result, and_list, blocked, met, progress, sentence, todo
from ..engine import Requirement
from ..facts import Facts
from ..params import iso_date
from ..registry import RuleKind, register

APPLY = "through your physiciansapply.ca account"


def _sessions(req: Requirement) -> tuple[date, ...]:
    return tuple(date.fromisoformat(s) for s in req.params.get("sessions") or ())


def _exam_result(exam: str, facts: Facts, sessions: tuple[date, ...]) -> Result:
    label, found = mcc.exam_label(exam), mcc.standing(exam, facts.mcc_attempts, sessions)
    if found.passed_on:
        return met(f"{label} passed on {found.passed_on}")
    if found.pending_on:
        return progress(f"{label} taken on {found.pending_on}; result pending",
                        f"Record the {label} result when MCC releases it")
    if found.closed:
        whatever = " whatever their results" if exam == mcc.NAC else ""
        return blocked(f"{found.used} of {found.limit} {label} attempts used without a pass"
                       f"{whatever}; no further attempt is allowed",
                       "Contact the Medical Council of Canada about your options")
    if not found.used:
        return todo(f"No {label} attempt recorded", f"Apply for the {label} {APPLY}")
    action = f"Apply to retake the {label} {APPLY}"
    if found.earliest_next:
        bound = "" if found.exact else " at the earliest"
        action += f"; the earliest allowed is {found.earliest_next}{bound}"
    return todo(f"{label} not passed; {found.used} of {found.limit} attempts used", action)


def mccqe1_passed(req: Requirement, facts: Facts, today: date) -> Result:
    return _exam_result(mcc.MCCQE1, facts, ())


def nac_passed(req: Requirement, facts: Facts, today: date) -> Result:
    return _exam_result(mcc.NAC, facts, _sessions(req))


def carms_facts(facts: Facts) -> mcc.CarmsFacts:
    attempts, school = facts.mcc_attempts, facts.school
    return mcc.CarmsFacts(
        match_year=facts.carms_year, citizen_or_pr=facts.canadian_citizen_or_pr,
        school_listed=school.wdoms_listed if school and school.in_directory else None,
        graduation_date=facts.graduation_date,
        mccqe1_passed=mcc.passed(mcc.MCCQE1, attempts) is not None,
        mccqe1_pending=mcc.pending(mcc.MCCQE1, attempts) is not None,
        nac_passed=mcc.passed(mcc.NAC, attempts) is not None,
        nac_pending=mcc.pending(mcc.NAC, attempts) is not None,
        prior_training=facts.canadian_prior_training,
    )


def carms_first_iteration(req: Requirement, facts: Facts, today: date) -> Result:
    checks = mcc.carms_checks(carms_facts(facts), nac_required=req.params["nac_required"])
    year = facts.carms_year
    season = f"the {year} R-1 match" if year else "the R-1 match"
    by_state = {state: [c for c in checks if c.state == state]
                for state in ("no", "unknown", "missing", "waiting")}
    if by_state["no"]:
        first = by_state["no"][0]
        return blocked(f"Not eligible for the first iteration of {season}: {first.why}",
                       "Check CaRMS's eligibility criteria for the second iteration and for "
                       "your province")
    open_checks = by_state["unknown"] + by_state["missing"] + by_state["waiting"]
    if not open_checks:
        return met(f"Every first-iteration check for IMGs is met for {season}")
    why = sentence(f"for {season} still open: " + and_list([c.title for c in open_checks]))
    if len(by_state["waiting"]) == len(open_checks):
        return progress(why, "Share your MCC results with CaRMS as soon as they are released")
    return todo(why, _next_step(open_checks[0]))


def _next_step(check: mcc.CarmsCheck) -> str:
    return {"SCHOOL": "Check your school's listing in the World Directory of Medical Schools",
            "DEGREE": "Choose the CaRMS match year you aim for on the Canadian route page",
            "MCCQE1": f"Pass the MCCQE Part I ({APPLY})",
            "NAC": f"Pass the NAC Examination ({APPLY})"}.get(check.code, check.why)


def _flag(value: Any) -> str:
    return "" if isinstance(value, bool) else f"must be true or false, not {value!r}"


def _dates(value: Any) -> str:
    if not isinstance(value, list | tuple):
        return 'must be a list of "YYYY-MM-DD" session dates'
    problems = [iso_date(v) for v in value]
    return next((p for p in problems if p), "")


# An MCC result settles these, but no USMLE, OET or Pathway result does: the Match side's
# estimate of the certificate date never waits on them.
NO_US_RESULT = lambda params: None  # noqa: E731

MCCQE1_PASSED = register(RuleKind(
    "mccqe1_passed", label="MCCQE Part I passed", group="canada",
    fix_page="certification:mcc-exams", params={}, evaluate=mccqe1_passed,
    reads=("mcc_attempts",), awaits=NO_US_RESULT, track="canada"))
NAC_PASSED = register(RuleKind(
    "nac_passed", label="NAC Examination passed", group="canada",
    fix_page="certification:mcc-exams", params={"sessions": (False, _dates)},
    evaluate=nac_passed, reads=("mcc_attempts",), awaits=NO_US_RESULT, track="canada"))
CARMS_FIRST_ITERATION = register(RuleKind(
    "carms_first_iteration", label="CaRMS R-1 first iteration: IMG eligibility",
    group="canada", fix_page="road:canada", params={"nac_required": (True, _flag)},
    evaluate=carms_first_iteration,
    reads=("mcc_attempts", "canadian_citizen_or_pr", "canadian_prior_training", "carms_year",
           "school", "graduation_date"), awaits=NO_US_RESULT, track="canada"))
