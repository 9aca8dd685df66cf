"""Checks on one record an applicant enters: the ECFMG file, an exam attempt, an OET sitting,
a pathway application.

Pure Python like the engine: no Django, no clock (`today` is an argument). Each check returns
{field: [message, ...]}, empty when the record may be saved; the services raise it as a
ValidationError so every message shows at its field. USMLE and OET knowledge (pass marks
and verdicts, the attempt policy, Step 2 CS's end, the sub-tests) is certification.rules.usmle
and .oet's; pass marks come from the rule set's data (MarkTable), never from here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from certification.rules import ExamAttemptFacts, MccAttemptFacts, RuleSet, mcc
from certification.rules.oet import SUBTESTS
from certification.rules.usmle import (
    CS_FAILER_PATHWAY,
    FINAL_OUTCOMES,
    STEP1_PASS_FAIL_FROM,
    STEP2CS_DISCONTINUED,
    MarkTable,
    check_new_attempt,
    exam_label,
    score_verdict,
)

Errors = dict[str, list[str]]
DECIDED = ("accepted", "rejected")


class _Errors(defaultdict):
    def __init__(self):
        super().__init__(list)

    def add(self, field: str, message: str) -> None:
        if message not in self[field]:
            self[field].append(message)


# ECFMG file


@dataclass(frozen=True)
class EcfmgFile:
    account_status: str
    account_verified_on: date | None
    application_status: str
    submitted_on: date | None
    decided_on: date | None
    certificate_issued_on: date | None
    certificate_number: str


def check_ecfmg_file(f: EcfmgFile, *, today: date) -> Errors:
    errors = _Errors()
    _check_not_future(errors, today, account_verified_on=f.account_verified_on,
                      application_submitted_on=f.submitted_on,
                      application_decided_on=f.decided_on,
                      certificate_issued_on=f.certificate_issued_on)
    if f.account_verified_on and f.account_status != "verified":
        errors.add("account_verified_on", "Only a verified account has a verification date: "
                   "set the account to Verified, or clear this date.")
    if f.submitted_on and f.application_status in ("not_started", "draft"):
        errors.add("application_submitted_on", "A draft application has not been submitted: "
                   "choose Submitted (or the decision), or clear this date.")
    _check_decision(errors, f.application_status, f.submitted_on, f.decided_on,
                    "application_decided_on")
    _check_certificate(errors, f)
    return dict(errors)


def _check_not_future(errors: _Errors, today: date, **days: date | None) -> None:
    for field, day in days.items():
        if day and day > today:
            errors.add(field, f"{day} is in the future: record it once it has happened.")


def _check_decision(errors: _Errors, status: str, submitted: date | None,
                    decided: date | None, field: str) -> None:
    if status in DECIDED and not decided:
        article = "An" if status == "accepted" else "A"
        errors.add(field, f"{article} {status} application needs the date ECFMG decided.")
    if decided and status not in DECIDED and status != "expired":
        errors.add(field, "Only an accepted or rejected application has a decision date: "
                   "choose the decision, or clear this date.")
    if decided and submitted and decided < submitted:
        errors.add(field, f"The decision date is before the submission date ({submitted}).")


def _check_certificate(errors: _Errors, f: EcfmgFile) -> None:
    issued, number = f.certificate_issued_on, f.certificate_number
    if (issued or number) and f.application_status != "accepted":
        errors.add("certificate_issued_on" if issued else "certificate_number",
                   "A certificate is issued only after the application is accepted.")
    elif issued and f.decided_on and issued < f.decided_on:
        errors.add("certificate_issued_on",
                   f"The certificate date is before the application was accepted ({f.decided_on}).")
    if number and not issued:
        errors.add("certificate_issued_on", "Add the date the certificate was issued.")


# Exam attempts


def mark_tables(rule_set: RuleSet | None, step3_marks: list) -> dict[str, MarkTable]:
    """Each exam's MarkTable from the rule set's exam_passed requirements. No set requires
    Step 3, so it falls back to `step3_marks` (USMLE_STEP3_PASS_MARKS) unless a set gains one."""
    tables = {}
    for req in rule_set.requirements if rule_set else ():
        if req.kind == "exam_passed" and req.params.get("exam") not in tables:
            tables[req.params["exam"]] = MarkTable.from_params(
                req.params, f"the “{rule_set.name}” rule set ({req.code})")
    tables.setdefault("STEP3", MarkTable(tuple(map(tuple, step3_marks)), None,
                                         "the Step 3 table in our settings (no rule set has one)"))
    return tables


def mark_note(attempt: ExamAttemptFacts, tables: dict[str, MarkTable]) -> str:
    """'218 needed on 2025-08-01' for a scored attempt whose mark is on file, else ''."""
    table = tables.get(attempt.exam)
    if attempt.score is None or not attempt.test_date or table is None:
        return ""
    mark = table.mark_on(attempt.test_date)
    return f"{mark} needed on {attempt.test_date}" if mark is not None else ""


def derived_outcome(attempt: ExamAttemptFacts, tables: dict[str, MarkTable]) -> str:
    """The outcome to store: the chosen one, else pass/fail from the score and the mark."""
    if attempt.outcome or attempt.score is None or not attempt.test_date:
        return attempt.outcome or ""
    table = tables.get(attempt.exam)
    return score_verdict(attempt.score, table.mark_on(attempt.test_date) if table else None) or ""


@dataclass(frozen=True)
class AttemptContext:
    others: tuple[ExamAttemptFacts, ...]  # the applicant's other attempts, any exam
    tables: dict[str, MarkTable]
    today: date


def check_exam_attempt(a: ExamAttemptFacts, *, result_date: date | None,
                       context: AttemptContext) -> Errors:
    errors = _Errors()
    _check_exam_dates(errors, a, result_date, context.today)
    _check_score(errors, a, context.tables)
    _check_attempt_policy(errors, a, context)
    return dict(errors)


def _check_exam_dates(errors: _Errors, a: ExamAttemptFacts, result_date: date | None,
                      today: date) -> None:
    start, end = a.eligibility_start, a.eligibility_end
    if start and end and end < start:
        errors.add("eligibility_end", f"The eligibility period ends before it starts ({start}).")
    for field, day in (("scheduled_date", a.scheduled_date), ("test_date", a.test_date)):
        if day and start and day < start:
            errors.add(field, f"{day} is before the eligibility period starts ({start}).")
        if day and end and day > end:
            errors.add(field, f"{day} is after the eligibility period ends ({end}).")
    has_result = (a.outcome in FINAL_OUTCOMES or a.score is not None or result_date is not None)
    if has_result and not a.test_date:
        errors.add("test_date", "Add the test date: a result or score belongs to a test taken.")
    if has_result and a.test_date and a.test_date > today:
        errors.add("test_date", f"The test date {a.test_date} is in the future, so there can't "
                   "be a result yet.")
    if result_date and a.test_date and result_date < a.test_date:
        errors.add("result_date", f"The result date is before the test date ({a.test_date}).")
    _check_not_future(errors, today, result_date=result_date)
    if a.exam == "STEP2CS":
        _check_step2cs_date(errors, a.test_date)


def _check_step2cs_date(errors: _Errors, test_date: date | None) -> None:
    if test_date is None:
        errors.add("test_date", f"Step 2 CS ended on {STEP2CS_DISCONTINUED}: enter the date "
                   "you sat it.")
    elif test_date >= STEP2CS_DISCONTINUED:
        errors.add("test_date", f"Step 2 CS was discontinued on {STEP2CS_DISCONTINUED}; its "
                   "test date must be before that.")


def _check_score(errors: _Errors, a: ExamAttemptFacts, tables: dict[str, MarkTable]) -> None:
    if a.score is not None:
        problem = _score_problem(a, tables.get(a.exam))
        if problem:
            errors.add(*problem)


def _score_problem(a: ExamAttemptFacts, table: MarkTable | None) -> tuple[str, str] | None:
    """(field, message) when a score can't stand as entered."""
    label = exam_label(a.exam)
    if a.exam == "STEP2CS":
        return "score", "Step 2 CS was reported pass/fail only: leave the score empty."
    pass_fail_from = (table.pass_fail_from if table else None) or (
        STEP1_PASS_FAIL_FROM if a.exam == "STEP1" else None)
    if a.test_date and pass_fail_from and a.test_date >= pass_fail_from:
        return "score", (f"{label} is reported pass/fail for tests from {pass_fail_from}: "
                         "leave the score empty.")
    if a.outcome in ("incomplete", "pending"):
        word = "An incomplete attempt" if a.outcome == "incomplete" else "A pending result"
        return "score", (f"{word} has no score: enter the score with its outcome, or leave "
                         "the outcome empty.")
    mark = table.mark_on(a.test_date) if table and a.test_date else None
    if mark is None:
        if a.outcome or not a.test_date:
            return None
        return "outcome", (f"No {label} pass mark is on file for {a.test_date}: choose the "
                           "outcome shown on your USMLE transcript.")
    if a.outcome == "pass" and a.score < mark:
        return "score", (f"A score of {a.score} is below the {mark} needed on {a.test_date}, "
                         "so it is not a pass. Check the score and the outcome.")
    if a.outcome == "fail" and a.score >= mark:
        return "score", (f"A score of {a.score} reaches the {mark} needed on {a.test_date}, "
                         "so it is not a fail. Check the score and the outcome.")
    return None


def _check_attempt_policy(errors: _Errors, a: ExamAttemptFacts, context: AttemptContext) -> None:
    """USMLE U1-U3 (RULES §5) through the engine, against the attempts sat before this one.

    Only earlier attempts count, so an applicant may enter their history in any order and
    edit an old attempt without it being judged as a new one.
    """
    if a.exam == "STEP2CS" and (a.test_date is None or a.test_date >= STEP2CS_DISCONTINUED):
        return  # already refused at the test date
    planned = a.test_date or a.scheduled_date
    date_field = "test_date" if a.test_date else "scheduled_date"
    same_day = [o for o in context.others if o.exam == a.exam and a.test_date
                and o.test_date == a.test_date]
    if same_day:
        errors.add("test_date", f"A {exam_label(a.exam)} attempt on {a.test_date} is already on "
                   "record.")
    prior = tuple(o for o in context.others if planned is None
                  or (o.test_date and o.test_date < planned))
    # USMLE ties the 6 -> 4 limit to the exam application, not to the ECFMG certification
    # application: the eligibility period's start is the closest date we hold.
    applied = a.eligibility_start or planned or context.today
    # Without a date there is nothing to space yet: judge it as if taken far ahead.
    for problem in check_new_attempt(a.exam, prior, planned or date.max, applied):
        errors.add(date_field if problem.kind == "too_soon" else "exam", problem.message)


# OET sittings


def check_oet_sitting(*, test_date: date | None, result_date: date | None,
                      scores: dict[str, int | None], today: date) -> Errors:
    errors = _Errors()
    given = [part for part in SUBTESTS if scores.get(part) is not None]
    if given and len(given) < len(SUBTESTS):
        for part in SUBTESTS:
            if part not in given:
                errors.add(part, "Enter all four scores from this one sitting (scores from "
                           "different sittings can't be combined), or none while results "
                           "are pending.")
    if test_date and given and test_date > today:
        errors.add("test_date", f"The sitting on {test_date} is in the future, so it has no "
                   "scores yet.")
    if test_date and result_date and result_date < test_date:
        errors.add("result_date", f"The result date is before the test date ({test_date}).")
    _check_not_future(errors, today, result_date=result_date)
    return dict(errors)


# Pathway applications


def cs_failer_pathway(rule_set: RuleSet | None) -> str | None:
    """The one pathway open to anyone who failed Step 2 CS, from the rule set's data."""
    for req in rule_set.requirements if rule_set else ():
        if req.kind == "clinical_skills":
            return req.params.get("cs_failer_pathway", CS_FAILER_PATHWAY)
    return CS_FAILER_PATHWAY


@dataclass(frozen=True)
class PathwayEntry:
    pathway: str
    status: str
    submitted_on: date | None
    decided_on: date | None
    valid_through: date | None


def check_pathway(p: PathwayEntry, *, cs_failed_on: date | None,
                  only_pathway: str | None, accepted_seasons: frozenset[int] = frozenset(),
                  season: int | None = None) -> Errors:
    """`accepted_seasons`: seasons of the applicant's other accepted Pathways (one each)."""
    errors = _Errors()
    if p.status == "accepted" and season is not None and season in accepted_seasons:
        errors.add("status", f"Another Pathway is already accepted for the {season} Match: "
                   "ECFMG accepts one Pathway per season. Correct or remove that one first.")
    _check_decision(errors, p.status, p.submitted_on, p.decided_on, "decided_on")
    if p.valid_through and p.decided_on and p.valid_through < p.decided_on:
        errors.add("valid_through", f"It can't stop being valid before it was decided "
                   f"({p.decided_on}).")
    if cs_failed_on and only_pathway and p.pathway not in (only_pathway, "REVALIDATION"):
        errors.add("pathway", f"You failed Step 2 CS on {cs_failed_on}: anyone who has failed "
                   f"it must apply through Pathway {only_pathway}.")
    return dict(errors)


# MCC exams (the Canadian route)


def check_mcc_attempt(a: MccAttemptFacts, others: list[MccAttemptFacts], *, today: date,
                      sessions: tuple[date, ...] = ()) -> Errors:
    """An MCC sitting: dates in order, a result only once sat, and MCC's attempt rules
    (mcc.py) against the sittings before it, so history may be entered in any order."""
    errors = _Errors()
    if a.test_date is None:
        return dict(errors)
    final = a.outcome not in (None, "pending")
    if final and a.test_date > today:
        errors.add("outcome", f"{a.test_date} is still to come: leave the result pending "
                   "until you have sat the exam.")
    if a.result_date and a.result_date < a.test_date:
        errors.add("result_date", "The result date is before the exam date.")
    if a.result_date and not final:
        errors.add("result_date", "Leave the result date empty while the result is pending.")
    _check_not_future(errors, today, result_date=a.result_date)
    if any(o.exam == a.exam and o.test_date == a.test_date for o in others):
        errors.add("test_date", f"A {mcc.exam_label(a.exam)} sitting on {a.test_date} is "
                   "already on record.")
    for problem in mcc.check_new_attempt(a.exam, others, a.test_date, sessions):
        errors.add("test_date" if problem.kind == "too_soon" else "exam", problem.message)
    return dict(errors)
