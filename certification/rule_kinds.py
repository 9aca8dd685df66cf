"""The rule kinds of the certificate engine, and the USMLE attempt policy they share.

Pure Python: no Django, no clock (`today` is always an argument). A kind is a function
(requirement, facts, today) -> Result; `rules.py` defines the facts, composes the kinds into
dated rule sets and is the module the rest of the project imports.
Facts: shared/domain/RULES.md §1, §2 and §5.

Every kind returns a Result whose status means the same thing everywhere:
  met          the evidence satisfies the requirement
  expiring     a date is close: a pathway acceptance about to lapse (still counts as met) or
               an exam eligibility period about to end with no test date (does not)
  in_progress  something is under way that the applicant waits on: a result, a review, a test
  not_started  not met and nothing under way; the applicant's ordinary next step moves it on
               (a first try, or a retry after a failed exam or OET sitting)
  blocked      a decision or a limit stands in the way and has to be dealt with first: school
               not eligible, a rejection, the attempt limit, too few credits after graduating
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from core.status import Status

if TYPE_CHECKING:  # the facts are plain data defined in rules.py; kinds only read them
    from certification.rules import (
        CreditFacts,
        DocumentFacts,
        ExamAttemptFacts,
        Facts,
        OetSittingFacts,
        PathwayFacts,
        Requirement,
        SchoolFacts,
    )

EXAM_LABELS = {"STEP1": "Step 1", "STEP2CK": "Step 2 CK", "STEP2CS": "Step 2 CS", "STEP3": "Step 3"}
DOCUMENT_LABELS = {"DIPLOMA": "Final diploma", "FINAL_TRANSCRIPT": "Final transcript"}
PATHWAYS = ("1", "2", "3", "4", "5", "6", "REVALIDATION")
FINAL_OUTCOMES = ("pass", "fail", "incomplete")
ELIGIBILITY_WARNING_DAYS = 30  # an unscheduled USMLE eligibility period this close to its end
PATHWAY_WARNING_DAYS = 60  # a pathway acceptance this close to its end
EXAM_WINDOW_WARNING_DAYS = 180  # exams take months to book, so the exam window warns early

# USMLE attempt policy (RULES §2 "attempt limit", §5 U1-U3), keyed by the application date.
FOUR_ATTEMPTS_FROM = date(2021, 7, 1)
SIX_ATTEMPTS_FROM = date(2012, 1, 1)
SIX_ATTEMPTS_PRIOR_EXAMINEES_FROM = date(2013, 1, 1)  # people who had tested before 2012
STEP2CS_DISCONTINUED = date(2021, 1, 26)


@dataclass(frozen=True)
class Result:
    status: Status
    why: str
    next_action: str = ""
    satisfied: bool = False  # counts towards the certificate (met, or expiring but valid)


def _met(why: str, next_action: str = "") -> Result:
    return Result(Status.MET, why, next_action, True)


def _progress(why: str, next_action: str) -> Result:
    return Result(Status.IN_PROGRESS, why, next_action)


def _todo(why: str, next_action: str) -> Result:
    return Result(Status.NOT_STARTED, why, next_action)


def _blocked(why: str, next_action: str) -> Result:
    return Result(Status.BLOCKED, why, next_action)


# Small helpers


def norm(value: str | None) -> str:
    return (value or "").strip().lower()


def _on(day: date | None) -> str:
    return f" on {day}" if day else ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last day (Feb 29)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_force(table: Iterable[list], on: date) -> Any:
    """The value of a dated table [["YYYY-MM-DD", value], ...] (ascending) in force on `on`."""
    value = None
    for start, candidate in table:
        if date.fromisoformat(start) <= on:
            value = candidate
    return value


# USMLE attempt policy


def attempts_sat(exam: str, attempts: Iterable[ExamAttemptFacts]) -> list[ExamAttemptFacts]:
    """Attempts of `exam` that have a test date, oldest first."""
    found = [a for a in attempts if a.exam.upper() == exam.upper() and a.test_date]
    return sorted(found, key=lambda a: a.test_date)


def recorded_pass(attempt: ExamAttemptFacts) -> bool:
    return norm(attempt.outcome) == "pass"


def attempt_limit(application_date: date, attempts: Iterable[ExamAttemptFacts]) -> int | None:
    """Attempts allowed per Step for an application made that day; None: no limit then."""
    if application_date >= FOUR_ATTEMPTS_FROM:
        return 4
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
    attempts = list(attempts)
    if limit is None:
        return None
    for exam in sorted({a.exam.upper() for a in attempts}):
        sat = attempts_sat(exam, attempts)
        if any(recorded_pass(a) for a in sat):
            continue
        if not count_pending:  # a result still to come may yet be a pass
            sat = [a for a in sat if norm(a.outcome) in ("fail", "incomplete")]
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


# Rule kinds: (requirement, facts, today) -> Result

RuleKind = Callable[["Requirement", "Facts", date], Result]


def account_verified(req: Requirement, facts: Facts, today: date) -> Result:
    state = norm(facts.account_status)
    if state == "verified":
        return _met("MyIntealth identity verified")
    if state in ("pending", "submitted"):
        return _progress("Identity verification submitted; MyIntealth review pending",
                         "Wait for MyIntealth to confirm your identity")
    if state == "rejected":
        return _blocked("MyIntealth identity verification rejected",
                        "Contact ECFMG about the rejection before submitting again")
    why = "MyIntealth ID request started, not submitted" if state == "draft" else (
        "No verified MyIntealth identity on record")
    return _todo(why, "Submit your MyIntealth identity verification: passport, photo and "
                 "notarized identity form (unsubmitted requests are deleted after 14 days)")


def application_accepted(req: Requirement, facts: Facts, today: date) -> Result:
    state, on = norm(facts.application_status), _on(facts.application_date)
    if state == "accepted":
        return _met(f"Application for ECFMG Certification accepted{on}")
    if state == "submitted":
        return _progress(f"Application for ECFMG Certification submitted{on}; not yet accepted",
                         "Wait for ECFMG to accept it and answer any request it sends")
    if state == "rejected":
        return _blocked(f"Application for ECFMG Certification rejected{on}",
                        "Contact ECFMG about the rejection, then apply again")
    why = "Application for ECFMG Certification started, not submitted" if state == "draft" else (
        "No Application for ECFMG Certification on record")
    return _todo(why, "Submit the Application for ECFMG Certification; it must come before "
                 "any USMLE registration")


def school_eligible(req: Requirement, facts: Facts, today: date) -> Result:
    school = facts.school
    if school is None:
        return _todo("No medical school recorded", "Add your medical school")
    if not school.in_directory:  # unknown is not the same as "no sponsor note"
        return _todo(f"{school.name} is not matched to a World Directory record, so its ECFMG "
                     "sponsor note can't be checked", "Choose your school from the directory "
                     "list, or ask an advisor to add it")
    if not school.wdoms_listed:
        return _blocked(f"{school.name} is not listed in the World Directory of Medical Schools",
                        "Check the school's record on wdoms.org with the school or ECFMG")
    if not school.sponsor_note:
        return _blocked(f"{school.name} has no ECFMG sponsor note in the World Directory",
                        "Ask ECFMG whether graduates of your school can be certified")
    return _note_covers(school, facts.graduation_date, today)


def _note_covers(school: SchoolFacts, graduation: date | None, today: date) -> Result:
    first, last = school.note_from_year, school.note_to_year
    years = f"{first or 'any year'} to {last or 'Current'}"
    if graduation is None:
        return _todo(f"Graduation date not recorded; {school.name}'s ECFMG sponsor note covers "
                     f"{years}", "Add your graduation date (the expected one if still a student)")
    if graduation > today:  # a student: the note must show Current at applying and at testing
        if last is not None:
            return _blocked(f"{school.name}'s ECFMG sponsor note covers {years}; students need "
                            "a note that shows Current", "Ask ECFMG whether your class will be "
                            "eligible")
        return _met(f"{school.name}'s ECFMG sponsor note shows Current ({years})",
                    "Recheck the note when you apply for an exam and at graduation")
    if (first and graduation.year < first) or (last and graduation.year > last):
        return _blocked(f"Graduation year {graduation.year} is outside the years {school.name}'s "
                        f"ECFMG sponsor note covers ({years})",
                        "Ask ECFMG whether your graduation year is eligible")
    return _met(f"{school.name}'s ECFMG sponsor note covers {years}; "
                f"graduation year {graduation.year}")


def document_verified(req: Requirement, facts: Facts, today: date) -> Result:
    kind = req.params["type"]
    label = DOCUMENT_LABELS[kind]
    docs = [d for d in facts.documents if d.type.upper() == kind]
    verified = [d for d in docs if norm(d.state) == "verified"]
    if verified:  # verification is done once; a later upload can't undo it
        return _met(f"{label} verified by the school{_on(verified[0].state_date)}")
    if not docs:
        return _todo(f"No {label.lower()} uploaded",
                     f"Upload your {label.lower()} with an English translation")
    latest = max(docs, key=lambda d: d.state_date or date.min)
    return _document_state(label, latest)


def _document_state(label: str, doc: DocumentFacts) -> Result:
    state, on = norm(doc.state), _on(doc.state_date)
    if state == "rejected":
        return _blocked(f"{label} rejected{on}: {doc.reason or 'no reason recorded'}",
                        f"Fix what ECFMG named and resubmit the {label.lower()}")
    waiting = {
        "uploaded": (f"{label} uploaded{on}; not yet sent to the school",
                     "Wait for ECFMG to send it to your school for verification"),
        "sent": (f"{label} sent to the school for verification{on}",
                 "Ask your school to answer ECFMG's verification request"),
        "resubmitted": (f"{label} resubmitted{on}; ECFMG review pending",
                        "Wait for ECFMG to review the resubmission"),
    }
    if state in waiting:
        return _progress(*waiting[state])
    return _todo(f"{label} state '{doc.state}' not recognised",
                 "Check the document's status in MyIntealth")


def min_credit_years(req: Requirement, facts: Facts, today: date) -> Result:
    needed = req.params["years"]
    counted = sum(c.credit_years for c in facts.credits if c.sponsor_note)
    other = sum(c.credit_years for c in facts.credits if not c.sponsor_note)
    why = f"{counted:g} credit years at schools with an ECFMG sponsor note; {needed:g} needed"
    if other:
        why += f" ({other:g} more at schools without a note don't count)"
    if counted >= needed:
        return _met(why)
    if not facts.credits:
        return _todo("No transcript credits recorded", "Add the credit years from your transcripts")
    graduated = facts.graduation_date is not None and facts.graduation_date <= today
    if graduated:
        return _blocked(why, "Check that every transcript is recorded; if so, ask ECFMG "
                        "whether you can be certified")
    return _progress(why, f"Complete {needed - counted:g} more credit years at your school")


def transfer_credit_limits(req: Requirement, facts: Facts, today: date) -> Result:
    limit = req.params.get("max_other_schools", 1)
    if not facts.credits:  # no transcripts yet: nothing shows there are no transfers
        return _todo("No transcript credits recorded",
                     "Add your transcripts' credits, marking any transferred from another school")
    moved = [c for c in facts.credits
             if c.transferred and not c.premedical and not c.prior_policy]
    problems = list(dict.fromkeys(p for p in map(_transfer_problem, moved) if p))
    schools = sorted({c.school for c in moved})
    if len(schools) > limit:
        problems.insert(0, f"credits transferred from {len(schools)} schools "
                        f"({', '.join(schools)}); at most {limit} allowed")
    if problems:
        return _blocked(_sentence("; ".join(problems)),
                        "Ask ECFMG whether these transferred credits can count")
    if not schools:
        return _met("No transferred credits that the limits apply to")
    return _met(f"Credits transferred from {_and(schools)}: eligible, and within the limit of "
                f"{limit} other school")


def _transfer_problem(credit: CreditFacts) -> str:
    if not credit.wdoms_listed:
        return f"{credit.school} is not listed in the World Directory"
    if not (credit.sponsor_note or credit.us_canada):
        return f"{credit.school} has no ECFMG sponsor note and is not a US or Canadian school"
    if not credit.passed:
        return f"the courses transferred from {credit.school} were not passed there"
    return ""


def exam_passed(req: Requirement, facts: Facts, today: date) -> Result:
    p, exam = req.params, req.params["exam"]
    sat = [a for a in attempts_sat(exam, facts.exams)
           if a.test_date <= today or norm(a.outcome) in FINAL_OUTCOMES]
    verdicts = [(a, _verdict(a, p)) for a in sat]
    passes = [a for a, v in verdicts if v == "pass"]
    if passes:
        return _pass_result(passes[0], p)
    unknown = [a for a, v in verdicts if v is None]
    if unknown:
        return _pending_result(unknown[-1], p)
    registrations = [a for a in facts.exams if a.exam.upper() == exam and a not in sat]
    return (_limit_block(exam, len(sat), facts.exams, today)
            or _discontinued(exam, today)
            or _registration_result(exam, registrations, today)
            or _retake_result(exam, verdicts, registrations, facts.exams, today, p))


def _pass_fail_era(attempt: ExamAttemptFacts, params: dict) -> bool:
    start = params.get("pass_fail_from")
    return bool(start) and attempt.test_date >= date.fromisoformat(start)


def _mark(attempt: ExamAttemptFacts, params: dict) -> int | None:
    """The pass mark in force on the test date; None in the pass/fail era or if not on file."""
    if _pass_fail_era(attempt, params):
        return None
    return in_force(params.get("pass_marks") or [], attempt.test_date)


def _verdict(attempt: ExamAttemptFacts, params: dict) -> str | None:
    """pass / fail / incomplete, or None while unknown. A recorded outcome always wins."""
    outcome = norm(attempt.outcome)
    if outcome in FINAL_OUTCOMES:
        return outcome
    mark = _mark(attempt, params)
    if attempt.score is None or mark is None:
        return None
    return "pass" if attempt.score >= mark else "fail"


def _result_text(attempt: ExamAttemptFacts, verdict: str, params: dict) -> str:
    word = {"pass": "passed", "fail": "failed", "incomplete": "incomplete"}[verdict]
    text = f"{EXAM_LABELS[attempt.exam.upper()]} {word} on {attempt.test_date}"
    if _pass_fail_era(attempt, params):
        return text + " (reported pass/fail)"
    if attempt.score is None:
        return text
    mark = _mark(attempt, params)
    needed = f" ({mark} needed on that date)" if mark is not None else ""
    return f"{text} with {attempt.score}{needed}"


def _pass_result(attempt: ExamAttemptFacts, params: dict) -> Result:
    why, mark = _result_text(attempt, "pass", params), _mark(attempt, params)
    if attempt.score is not None and mark is not None and attempt.score < mark:
        return _met(f"{why}; recorded as a pass although the score is below the mark",
                    "Check the outcome and score on your USMLE transcript")
    return _met(why)


def _pending_result(attempt: ExamAttemptFacts, params: dict) -> Result:
    label = EXAM_LABELS[attempt.exam.upper()]
    if attempt.score is None:
        return _progress(f"{label} taken on {attempt.test_date}; result pending",
                         f"Record the {label} result when it is released")
    reason = ("reported pass/fail" if _pass_fail_era(attempt, params)
              else "no pass mark on file for that date")
    return _progress(f"{label} score {attempt.score} from {attempt.test_date} has no recorded "
                     f"outcome ({reason})", "Record the outcome shown on your USMLE transcript")


def _limit_block(exam: str, taken: int, attempts: tuple, today: date) -> Result | None:
    limit = attempt_limit(today, attempts)
    if limit is None:
        return None
    hit = (exam, taken) if taken >= limit else step_at_limit(attempts, limit, count_pending=False)
    if not hit:
        return None
    return _blocked(f"{hit[1]} attempts on {EXAM_LABELS[hit[0]]} without a pass; no USMLE Step "
                    f"can be taken any more ({limit_rule(limit)})",
                    "Contact ECFMG about your options: no further USMLE attempts are allowed")


def _discontinued(exam: str, today: date) -> Result | None:
    if exam != "STEP2CS" or today < STEP2CS_DISCONTINUED:
        return None
    return _blocked(f"Step 2 CS not passed; it was discontinued on {STEP2CS_DISCONTINUED}",
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
            return _progress(f"{label} scheduled for {planned}", f"Sit {label} on {planned}")
        return _progress(f"{label} was scheduled for {planned}; no result recorded",
                         f"Record your {label} result")
    if end is None:
        return _progress(f"Registered for {label}; eligibility period not recorded",
                         "Record the eligibility period from your scheduling permit")
    if end < today:
        return None  # lapsed unused: not an attempt; the retake text mentions it
    if start and start > today:
        return _progress(f"Registered for {label}; eligibility period {start} to {end}",
                         f"Schedule a {label} test date between {start} and {end}")
    if (end - today).days <= ELIGIBILITY_WARNING_DAYS:
        return Result(Status.EXPIRING,
                      f"{label} eligibility period ends {end} and no test date is scheduled",
                      f"Schedule {label} before {end} or request the one extension")
    return _progress(f"{label} eligibility period open until {end}; no test date scheduled",
                     f"Schedule a {label} test date before {end}")


def _retake_result(exam: str, verdicts: list, regs: list, attempts: tuple, today: date,
                   params: dict) -> Result:
    label, parts = EXAM_LABELS[exam], []
    if verdicts:
        parts.append(_result_text(*verdicts[-1], params))
    last_sat = verdicts[-1][0].test_date if verdicts else date.min
    lapsed = [r.eligibility_end for r in regs
              if r.eligibility_end and last_sat < r.eligibility_end < today]
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
    return _todo(_sentence(why), action)


def _cs_pass(exams: Iterable[ExamAttemptFacts]) -> ExamAttemptFacts | None:
    return next((a for a in attempts_sat("STEP2CS", exams) if recorded_pass(a)), None)


def _cs_fail_date(exams: Iterable[ExamAttemptFacts]) -> date | None:
    fails = [a.test_date for a in attempts_sat("STEP2CS", exams) if norm(a.outcome) == "fail"]
    return fails[0] if fails else None


def _pathway_label(pathway: str) -> str:
    return "Pathways Revalidation" if pathway.upper() == "REVALIDATION" else f"Pathway {pathway}"


@dataclass(frozen=True)
class _PathwayRules:
    allowed: tuple[str, ...]  # pathways that exist in this rule set
    only: str | None  # the one pathway open to anyone who failed Step 2 CS
    failed_on: date | None  # first Step 2 CS fail, if any
    today: date


def clinical_skills(req: Requirement, facts: Facts, today: date) -> Result:
    """Step 2 CS pass, or one accepted, unexpired Pathway (the pathway check lives here)."""
    cs = _cs_pass(facts.exams)
    if cs:
        return _met(f"Step 2 CS passed on {cs.test_date}; no Pathway or OET needed")
    only = req.params.get("cs_failer_pathway", "6")
    rules = _PathwayRules(tuple(req.params.get("pathways", PATHWAYS)), only,
                          _cs_fail_date(facts.exams) if only else None, today)
    best = _best_pathway([a for a in facts.pathways if a.pathway.upper() in rules.allowed], today)
    if best:
        return _PATHWAY_RESULTS[best[1]](best[0], rules)
    if rules.failed_on:
        return _todo(f"Step 2 CS failed on {rules.failed_on}; only Pathway {only} is open to you",
                     f"Apply through Pathway {only}")
    return _todo("No Step 2 CS pass and no Pathway application",
                 "Apply for the one Pathway you qualify for (Pathway 1 if you are licensed)")


_PATHWAY_ORDER = ("expired", "rejected", "draft", "submitted", "valid")  # worst to best


def _best_pathway(apps: list[PathwayFacts], today: date) -> tuple[PathwayFacts, str] | None:
    """The application that decides the status: best state, then longest valid, then newest."""
    ranked = [(a, _pathway_state(a, today)) for a in apps]
    ranked = [(a, s) for a, s in ranked if s in _PATHWAY_ORDER]
    if not ranked:
        return None
    return max(ranked, key=lambda r: (_PATHWAY_ORDER.index(r[1]), r[0].valid_through or date.max,
                                      r[0].status_date or date.min))


def _pathway_state(app: PathwayFacts, today: date) -> str:
    state = norm(app.status)
    if state == "preparing":
        return "draft"
    if state == "accepted":
        return "expired" if app.valid_through and app.valid_through < today else "valid"
    return state


def _wrong_pathway(app: PathwayFacts, rules: _PathwayRules) -> str:
    if not rules.failed_on or app.pathway.upper() in (rules.only, "REVALIDATION"):
        return ""
    return (f"Step 2 CS was failed on {rules.failed_on}, and anyone who failed it must use "
            f"Pathway {rules.only}")


def _pathway_valid(app: PathwayFacts, rules: _PathwayRules) -> Result:
    label, until = _pathway_label(app.pathway), app.valid_through
    why = f"{label} accepted{_on(app.status_date)}; " + (
        f"valid through {until}" if until else "no expiry date recorded")
    wrong = _wrong_pathway(app, rules)
    if wrong:  # ECFMG's acceptance stands, but the record contradicts the rule: say so
        return _met(f"{why}; but {wrong}",
                    f"Confirm with ECFMG that your {label} acceptance stands")
    if until and (until - rules.today).days <= PATHWAY_WARNING_DAYS:
        return Result(Status.EXPIRING, why, f"Complete certification by {until} or apply for "
                      "Pathways Revalidation", satisfied=True)
    return _met(why)


def _pathway_open(app: PathwayFacts, rules: _PathwayRules) -> Result:
    label, state = _pathway_label(app.pathway), norm(app.status)
    wrong = _wrong_pathway(app, rules)
    if wrong:
        return _blocked(f"{label} application {state}; {wrong}",
                        f"Apply through Pathway {rules.only} instead")
    if state == "submitted":
        return _progress(f"{label} application submitted{_on(app.status_date)}; decision pending",
                         "Wait for ECFMG's decision and answer any request it sends")
    return _todo(f"{label} application started, not submitted",
                 f"Submit your {label} application")


def _pathway_expired(app: PathwayFacts, rules: _PathwayRules) -> Result:
    action = ("Apply for Pathways Revalidation" if "REVALIDATION" in rules.allowed
              else "Apply for a Pathway again")
    return _todo(f"{_pathway_label(app.pathway)} acceptance expired{_on(app.valid_through)}",
                 action)


def _pathway_rejected(app: PathwayFacts, rules: _PathwayRules) -> Result:
    target = f"Pathway {rules.only}" if rules.failed_on else "the Pathway you qualify for"
    return _blocked(f"{_pathway_label(app.pathway)} application rejected{_on(app.status_date)}: "
                    f"{app.reason or 'no reason recorded'}", f"Apply again through {target}")


_PATHWAY_RESULTS = {"valid": _pathway_valid, "submitted": _pathway_open, "draft": _pathway_open,
                    "expired": _pathway_expired, "rejected": _pathway_rejected}

OET_PARTS = (("Listening", "listening", "min_listening"), ("Reading", "reading", "min_reading"),
             ("Writing", "writing", None), ("Speaking", "speaking", "min_speaking"))


def oet_single_sitting(req: Requirement, facts: Facts, today: date) -> Result:
    """All four OET Medicine sub-tests from ONE sitting: scores are never combined."""
    cs = _cs_pass(facts.exams)
    if cs:
        return _met(f"Step 2 CS passed on {cs.test_date}; OET is only needed on the Pathway route")
    p, sittings = req.params, sorted(facts.oet_sittings, key=lambda s: s.test_date)
    counted = [s for s in sittings if not _oet_excluded(s, p)]
    scored = [s for s in counted if None not in _oet_scores(s)]
    passing = [s for s in scored if not _oet_shortfalls(s, p)]
    if passing:
        return _met(_oet_met_text(passing[-1], p))
    waiting = [s for s in counted if None in _oet_scores(s)]
    if waiting:
        s = waiting[-1]
        why = (f"OET sitting booked for {s.test_date}" if s.test_date > today
               else f"Results of the {s.test_date} OET sitting pending")
        return _progress(why, "Record all four sub-test scores when results are released")
    retake = "Book a new OET Medicine sitting and take all four sub-tests again"
    if scored:
        return _todo(_oet_shortfall_text(scored[-1], p), retake)
    if sittings:
        return _todo(_oet_excluded(sittings[-1], p), retake)
    return _todo("No OET Medicine sitting recorded", "Book an OET Medicine sitting")


def _oet_scores(sitting: OetSittingFacts) -> tuple[int | None, ...]:
    return tuple(getattr(sitting, attr) for _, attr, _ in OET_PARTS)


def _oet_minimums(sitting: OetSittingFacts, params: dict) -> tuple[int | None, ...]:
    writing = in_force(params["writing_minimums"], sitting.test_date)  # by TEST date
    return tuple(params[key] if key else writing for _, _, key in OET_PARTS)


def _oet_excluded(sitting: OetSittingFacts, params: dict) -> str:
    """Why a sitting can't count for this rule set at all; empty when it can."""
    floor, ceiling = params.get("date_floor"), params.get("date_ceiling")
    day = sitting.test_date
    if floor and day < date.fromisoformat(floor):
        return f"The {day} OET sitting is before the {floor} date floor, so it does not count"
    if ceiling and day > date.fromisoformat(ceiling):
        return f"The {day} OET sitting is after the {ceiling} cut-off, so it does not count"
    if in_force(params["writing_minimums"], day) is None:
        return f"No OET Writing minimum on file for the {day} sitting"
    return ""


def _oet_shortfalls(sitting: OetSittingFacts, params: dict) -> list[tuple[str, int, int]]:
    parts = zip(OET_PARTS, _oet_scores(sitting), _oet_minimums(sitting, params), strict=True)
    return [(name, got, need) for (name, _, _), got, need in parts if got < need]


def _oet_shortfall_text(sitting: OetSittingFacts, params: dict) -> str:
    misses = _oet_shortfalls(sitting, params)
    scores = _and([f"{name} {got}" for name, got, _ in misses])
    needs = _and([str(need) for _, _, need in misses])
    return f"{scores} in the {sitting.test_date} sitting; {needs} needed"


def _oet_met_text(sitting: OetSittingFacts, params: dict) -> str:
    scores = ", ".join(f"{name} {got}" for (name, _, _), got in zip(
        OET_PARTS, _oet_scores(sitting), strict=True))
    writing = _oet_minimums(sitting, params)[2]
    return f"{scores} in the {sitting.test_date} sitting (Writing minimum {writing} on that date)"


def exam_window_years(req: Requirement, facts: Facts, today: date) -> Result:
    """All required exams passed within N years of the first pass, else that pass lapses."""
    years, exams = req.params["years"], req.params["exams"]
    passes = {e: _first_pass_date(e, facts.exams) for e in exams}
    passed = {e: d for e, d in passes.items() if d}
    if not passed:
        return _todo(f"No required exam passed yet; the {years}-year window starts at the first "
                     "pass", f"Pass {EXAM_LABELS[exams[0]]}")
    first_exam, first = min(passed.items(), key=lambda item: item[1])
    end = add_months(first, 12 * years)
    late = sorted((d, e) for e, d in passed.items() if d > end)
    start = f"{EXAM_LABELS[first_exam]} passed on {first}"
    if late:
        return _blocked(f"{start}; {EXAM_LABELS[late[0][1]]} passed on {late[0][0]}, more than "
                        f"{years} years later", f"Ask ECFMG how to replace your "
                        f"{EXAM_LABELS[first_exam]} pass: it no longer counts")
    if len(passed) == len(exams):
        return _met(f"All required exams passed from {first} to {max(passed.values())}, "
                    f"within {years} years")
    missing = _and([EXAM_LABELS[e] for e in exams if e not in passed])
    if today > end:
        return _blocked(f"{start}; the {years}-year window ended {end} before {missing} was "
                        "passed", f"Ask ECFMG how to replace your {EXAM_LABELS[first_exam]} pass")
    why = f"{start}; {missing} must be passed by {end}"
    if (end - today).days <= EXAM_WINDOW_WARNING_DAYS:
        return Result(Status.EXPIRING, why, f"Pass {missing} by {end}")
    return _progress(why, f"Pass {missing} by {end}")


def _first_pass_date(exam: str, exams: Iterable[ExamAttemptFacts]) -> date | None:
    return next((a.test_date for a in attempts_sat(exam, exams) if recorded_pass(a)), None)


RULE_KINDS: dict[str, RuleKind] = {
    "account_verified": account_verified,
    "application_accepted": application_accepted,
    "school_eligible": school_eligible,
    "document_verified": document_verified,
    "min_credit_years": min_credit_years,
    "transfer_credit_limits": transfer_credit_limits,
    "exam_passed": exam_passed,
    "clinical_skills": clinical_skills,
    "oet_single_sitting": oet_single_sitting,
    "exam_window_years": exam_window_years,
}
