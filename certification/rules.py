"""Standard ECFMG Certificate: which requirements apply, and where an applicant stands.

Pure decisions over plain data: no Django, no clock (`today` is always an argument), so the
same engine serves the dashboard, the caseload, reminders and the API, and hundreds of cases
test in milliseconds. Facts: shared/domain/RULES.md §1 (current set), §2 (earlier sets and
exam-policy history), §5 (USMLE) and §9 (cross-check verdicts).

Requirements are data (a RuleSet of Requirements, each naming a rule *kind* with JSON params);
kinds are code (`rule_kinds.py`, registered in RULE_KINDS). Status meanings are documented
there. Choices made here:
- Inactive requirements are returned with status not_applicable, not omitted, so advisors see
  that a rule exists but is switched off; they count in no total.
- A requirement's provenance is that of the weakest value it rests on, so the UI can flag
  every requirement an applicant should double-check.
- Badly configured params raise InvalidRule: a wrong "met" is worse than an error page, and
  admins are told the same messages by validate_params when they save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from certification.rule_kinds import (
    DOCUMENT_LABELS,
    EXAM_LABELS,
    PATHWAYS,
    RULE_KINDS,
    STEP2CS_DISCONTINUED,
    Result,
    Status,
    attempt_limit,
    attempts_sat,
    earliest_allowed_date,
    limit_rule,
    recorded_pass,
    step_at_limit,
)

__all__ = [
    "PARAM_SPECS", "RULE_KINDS", "SEED_RULE_SETS", "CreditFacts", "DocumentFacts", "Evaluation",
    "ExamAttemptFacts", "Facts", "InvalidRule", "OetSittingFacts", "Outcome", "PathwayFacts",
    "Requirement", "Result", "RuleSet", "SchoolFacts", "Status", "attempt_limit",
    "check_new_attempt", "check_rule_set", "earliest_allowed_date", "evaluate",
    "season_reference_date", "select_rule_set", "validate_params",
]

PROVENANCES = ("verified", "third_party", "derived")

# Facts: plain snapshots of the applicant's records, built by the services layer. Status words
# compare case-insensitively (VERIFIED == verified); exam and document codes are upper case.


@dataclass(frozen=True)
class SchoolFacts:
    name: str
    wdoms_listed: bool = True
    sponsor_note: bool = False  # the World Directory record carries an ECFMG sponsor note
    note_from_year: int | None = None  # first graduation year the note covers (None: any)
    note_to_year: int | None = None  # last graduation year covered; None: note shows "Current"
    in_directory: bool = True  # False: typed by name, not matched to our copy of the directory


@dataclass(frozen=True)
class DocumentFacts:
    type: str  # DIPLOMA | FINAL_TRANSCRIPT
    state: str  # uploaded | sent | verified | rejected | resubmitted
    state_date: date | None = None
    reason: str = ""  # ECFMG's reason, when rejected


@dataclass(frozen=True)
class CreditFacts:
    school: str
    credit_years: float
    sponsor_note: bool = False  # the school that granted the credit has an ECFMG sponsor note
    wdoms_listed: bool = True
    us_canada: bool = False  # a US or Canadian school listed in the World Directory
    transferred: bool = False  # credit transferred into the degree-granting school
    premedical: bool = False  # pre-medical portion: exempt from the transfer limits
    passed: bool = True  # course passed at the school that taught it
    prior_policy: bool = False  # accepted by ECFMG under the pre-2020 transfer policy


@dataclass(frozen=True)
class ExamAttemptFacts:
    exam: str  # STEP1 | STEP2CK | STEP2CS | STEP3
    test_date: date | None = None  # the day it was sat; None until then
    outcome: str | None = None  # pass | fail | incomplete | pending | None
    score: int | None = None
    eligibility_start: date | None = None
    eligibility_end: date | None = None
    scheduled_date: date | None = None
    application_date: date | None = None


@dataclass(frozen=True)
class OetSittingFacts:
    test_date: date
    listening: int | None = None  # None until results are out
    reading: int | None = None
    writing: int | None = None
    speaking: int | None = None


@dataclass(frozen=True)
class PathwayFacts:
    pathway: str  # "1".."6" | "REVALIDATION"
    status: str  # draft | submitted | accepted | rejected
    status_date: date | None = None
    valid_through: date | None = None  # None: no expiry date recorded
    reason: str = ""


@dataclass(frozen=True)
class Facts:
    graduation_date: date | None = None  # the expected date while still a student
    school: SchoolFacts | None = None
    account_status: str | None = None  # MyIntealth identity: draft|pending|verified|rejected
    application_status: str | None = None  # draft | submitted | accepted | rejected
    documents: tuple[DocumentFacts, ...] = ()
    credits: tuple[CreditFacts, ...] = ()
    exams: tuple[ExamAttemptFacts, ...] = ()
    oet_sittings: tuple[OetSittingFacts, ...] = ()
    pathways: tuple[PathwayFacts, ...] = ()
    target_season: int | None = None
    application_date: date | None = None  # last change of application_status


# Rule sets and their evaluation


@dataclass(frozen=True)
class Requirement:
    code: str
    title: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    provenance: str = "verified"  # verified | third_party | derived
    source: str = ""
    active: bool = True


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    effective_from: date
    effective_to: date | None
    requirements: tuple[Requirement, ...]
    note: str = ""  # where the effective dates come from

    def in_force_on(self, day: date) -> bool:
        ends = self.effective_to
        return self.effective_from <= day and (ends is None or day <= ends)


@dataclass(frozen=True)
class Outcome:
    code: str
    title: str
    status: Status
    why: str
    next_action: str  # empty when there is nothing to do
    source: str
    provenance: str
    satisfied: bool = False  # counts towards the certificate (met, or expiring but valid)
    kind: str = ""  # the requirement's rule kind


@dataclass(frozen=True)
class Evaluation:
    rule_set_code: str
    outcomes: tuple[Outcome, ...]

    @property
    def counted(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status is not Status.NOT_APPLICABLE)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def met_count(self) -> int:
        return sum(o.satisfied for o in self.counted)

    @property
    def percent_met(self) -> int:
        # Rounded down: 11 of 12 must not read as 100%.
        return self.met_count * 100 // self.total if self.total else 0

    @property
    def blocking(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.counted if o.status is Status.BLOCKED)

    @property
    def certificate_status(self) -> str:
        """eligible_for_certificate | blocked | in_progress | not_started."""
        if self.total and self.met_count == self.total:
            return "eligible_for_certificate"
        if self.blocking:
            return "blocked"
        if any(o.satisfied or o.status is not Status.NOT_STARTED for o in self.counted):
            return "in_progress"
        return "not_started"


class InvalidRule(ValueError):
    """A requirement whose kind or params the engine can't use."""


def evaluate(rule_set: RuleSet, facts: Facts, today: date) -> Evaluation:
    outcomes = tuple(_outcome(req, facts, today) for req in rule_set.requirements)
    return Evaluation(rule_set.code, outcomes)


def _outcome(req: Requirement, facts: Facts, today: date) -> Outcome:
    if req.active:
        errors = validate_params(req.kind, req.params)
        if errors:
            raise InvalidRule(f"{req.code}: " + "; ".join(errors))
        result = RULE_KINDS[req.kind](req, facts, today)
    else:
        result = Result(Status.NOT_APPLICABLE, "Not checked: this rule is switched off")
    return Outcome(req.code, req.title, result.status, result.why, result.next_action,
                   req.source, req.provenance, result.satisfied, req.kind)


def season_reference_date(season: int) -> date:
    """The day whose rules govern Match season M: 1 October of M-1.

    A season's Pathways open in August of M-1 (2026: 2025-08-19) and close on 31 May of M, so
    1 October lies inside every season's window even when the opening slips a few weeks; a
    date as early as 1 August would fall before the 2026 opening, into no set at all.
    """
    return date(season - 1, 10, 1)


def select_rule_set(
    rule_sets: Iterable[RuleSet], target_season: int | None, today: date
) -> RuleSet | None:
    """The set for the applicant's Match season; with no season, the set in force today.

    A set published ahead of its season is chosen for that season even before it takes
    effect. None when no set covers the day (e.g. seasons before Step 2 CS).
    """
    day = season_reference_date(target_season) if target_season else today
    candidates = [rs for rs in rule_sets if rs.in_force_on(day)]
    return max(candidates, key=lambda rs: rs.effective_from, default=None)


# USMLE scheduling (RULES §5 U1-U3): the check behind the "plan an attempt" form


def check_new_attempt(
    exam: str,
    existing: Iterable[ExamAttemptFacts],
    planned_date: date,
    application_date: date,
) -> list[str]:
    """Why a new attempt of `exam` on `planned_date` is not allowed; empty when it is."""
    existing, exam = list(existing), exam.upper()
    label = EXAM_LABELS.get(exam, exam)
    if exam == "STEP2CS" and planned_date >= STEP2CS_DISCONTINUED:
        return [f"Step 2 CS was discontinued on {STEP2CS_DISCONTINUED}; it can't be taken."]
    passes = [a for a in attempts_sat(exam, existing) if recorded_pass(a)]
    if passes:
        return [f"{label} was passed on {passes[0].test_date}; a passed Step can't be retaken "
                "(except to meet a licensing authority's time limit)."]
    errors = _limit_errors(exam, existing, application_date)
    earliest = earliest_allowed_date(exam, existing)
    if earliest and planned_date < earliest:
        errors.append(
            f"{label} on {planned_date} is too soon: at most 3 attempts of a Step in 12 months, "
            "and a 4th or later attempt must be at least 12 months after the first and 6 months "
            f"after the latest; the earliest allowed date is {earliest}."
        )
    return errors


def _limit_errors(exam: str, existing: list[ExamAttemptFacts], applied: date) -> list[str]:
    limit = attempt_limit(applied, existing)
    taken = len(attempts_sat(exam, existing))
    if limit is not None and taken >= limit:
        return [f"{EXAM_LABELS.get(exam, exam)} has been attempted {taken} times; "
                f"{limit_rule(limit)}."]
    hit = step_at_limit(existing, limit, count_pending=True)  # a pending 4th may still fail
    if hit:
        return [f"{hit[1]} attempts on {EXAM_LABELS.get(hit[0], hit[0])} without a pass close "
                f"every USMLE Step; {limit_rule(limit)}."]
    return []


# Params: what each kind accepts, so admins are told why their JSON is wrong.

Check = Callable[[Any], str]  # returns a problem phrase, or "" when the value is fine


def _one_of(*choices: str) -> Check:
    return lambda v: "" if v in choices else f"must be one of {', '.join(choices)}, not {v!r}"


def _number(low: float, high: float, *, whole: bool = False) -> Check:
    kinds = (int,) if whole else (int, float)
    noun = "a whole number" if whole else "a number"

    def check(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            return f"must be {noun} from {low} to {high}, not {value!r}"
        return ""
    return check


def _iso_date(value: Any) -> str:
    problem = f"must be a date written YYYY-MM-DD, not {value!r}"
    if not isinstance(value, str) or len(value) != 10:
        return problem
    try:
        date.fromisoformat(value)
    except ValueError:
        return problem
    return ""


def _nullable(check: Check) -> Check:
    return lambda v: "" if v is None else check(v)


def _subset(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, list | tuple) or not value or len(set(value)) != len(value):
            return "must be a non-empty list without repeats"
        wrong = [v for v in value if v not in choices]
        return f"has {wrong!r}; allowed: {', '.join(choices)}" if wrong else ""
    return check


def _dated_table(low: int, high: int) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, list | tuple) or not value:
            return 'must be a non-empty list of ["YYYY-MM-DD", number] pairs'
        for i, row in enumerate(value, 1):
            if not isinstance(row, list | tuple) or len(row) != 2:
                return f'row {i} must be a ["YYYY-MM-DD", number] pair'
            problem = _iso_date(row[0]) or _number(low, high, whole=True)(row[1])
            if problem:
                return f"row {i} {problem}"
            if i > 1 and row[0] <= value[i - 2][0]:
                return f"row {i} must be dated after row {i - 1}"
        return ""
    return check


_SCORE = _number(0, 500, whole=True)  # OET sub-test scale
PARAM_SPECS: dict[str, dict[str, tuple[bool, Check]]] = {  # kind -> {param: (required, check)}
    "account_verified": {},
    "application_accepted": {},
    "school_eligible": {},
    "document_verified": {"type": (True, _one_of(*DOCUMENT_LABELS))},
    "min_credit_years": {"years": (True, _number(1, 10))},
    "transfer_credit_limits": {"max_other_schools": (False, _number(1, 5, whole=True))},
    "exam_passed": {
        "exam": (True, _one_of(*EXAM_LABELS)),
        "pass_marks": (False, _dated_table(1, 300)),
        "pass_fail_from": (False, _nullable(_iso_date)),
    },
    "clinical_skills": {
        "pathways": (False, _subset(PATHWAYS)),
        "cs_failer_pathway": (False, _nullable(_one_of(*PATHWAYS[:6]))),
    },
    "oet_single_sitting": {
        "min_listening": (True, _SCORE),
        "min_reading": (True, _SCORE),
        "min_speaking": (True, _SCORE),
        "writing_minimums": (True, _dated_table(0, 500)),
        "date_floor": (False, _nullable(_iso_date)),
        "date_ceiling": (False, _nullable(_iso_date)),
    },
    "exam_window_years": {
        "years": (True, _number(1, 20, whole=True)),
        "exams": (True, _subset(tuple(EXAM_LABELS))),
    },
}


def validate_params(kind: str, params: Any) -> list[str]:
    """Human-readable problems with a requirement's kind and params; empty when usable."""
    spec = PARAM_SPECS.get(kind)
    if spec is None:
        return [f"unknown rule kind {kind!r}; known kinds: {', '.join(PARAM_SPECS)}"]
    if not isinstance(params, dict):
        return ["params must be a JSON object"]
    errors = [f"unknown parameter {k!r} for {kind}; allowed: {', '.join(spec) or 'none'}"
              for k in params if k not in spec]
    for name, (required, check) in spec.items():
        if name in params:
            problem = check(params[name])
            errors += [f"{name!r} {problem}"] if problem else []
        elif required:
            errors.append(f"{name!r} is required for {kind}")
    return errors


def check_rule_set(rule_set: RuleSet) -> list[str]:
    """Problems with a whole rule set: dates, duplicate codes, provenance, params."""
    errors = []
    if rule_set.effective_to and rule_set.effective_to < rule_set.effective_from:
        errors.append(f"{rule_set.code}: effective_to is before effective_from")
    codes = [r.code for r in rule_set.requirements]
    errors += [f"{rule_set.code}: duplicate code {c}" for c in sorted(set(codes))
               if codes.count(c) > 1]
    if not any(r.active for r in rule_set.requirements):
        errors.append(f"{rule_set.code}: no active requirement")
    for req in rule_set.requirements:
        if req.provenance not in PROVENANCES:
            errors.append(f"{req.code}: provenance must be one of {', '.join(PROVENANCES)}")
        errors += [f"{req.code}: {e}" for e in validate_params(req.kind, req.params)]
    return errors


# Seed rule sets (RULES §1-2, §9), for the data migration. Exam pass marks are keyed by TEST
# date, so one table serves every set; season-bound values (OET floors, pathways) differ.

_IB = "ECFMG 2024 Information Booklet"
_MISSING = "not found in the sources (RULES §8): left unset"


def _req(code: str, title: str, kind: str, params: dict | None = None,
         provenance: str = "verified", source: str = "", active: bool = True) -> Requirement:
    return Requirement(code, title, kind, params or {}, provenance, source, active)


def _account() -> Requirement:
    return _req("C-ACCT", "MyIntealth account and identity verified", "account_verified",
                source="ECFMG 2026 Information Booklet, 'MyIntealth ID'; account page (2025)")


def _application(form_186: bool) -> Requirement:
    source = "ECFMG 2023/2024 Information Booklets" + (
        "; identity then shown by notarized Form 186" if form_186 else "")
    return _req("C-APP", "Application for ECFMG Certification accepted", "application_accepted",
                source=source)


def _credentials(transfer_limits: bool) -> list[Requirement]:
    reqs = [
        _req("C-SCHOOL", "Medical school eligible (ECFMG sponsor note)", "school_eligible",
             source="ECFMG 2023 Information Booklet; Medical School Listing Policy"),
        _req("C-CREDYRS", "At least 4 credit years", "min_credit_years", {"years": 4},
             source=_IB + ", 'Credential requirements'"),
        _req("C-DIPLOMA", "Final diploma verified by the school", "document_verified",
             {"type": "DIPLOMA"}, source=_IB),
        _req("C-TRANSCRIPT", "Final transcript verified by the school", "document_verified",
             {"type": "FINAL_TRANSCRIPT"}, source=_IB),
    ]
    if transfer_limits:  # the transfer policy dates from the 2020 booklet
        reqs.insert(2, _req(
            "C-TRANSFER", "Transfer-credit limits", "transfer_credit_limits",
            source=_IB + "; 2019 ECFMG notice of the 2020 policy (RULES §9: confirmed)"))
    return reqs


def _usmle() -> list[Requirement]:
    return [
        _req("C-STEP1", "USMLE Step 1 passed", "exam_passed",
             {"exam": "STEP1", "pass_fail_from": "2022-01-26"},
             source="usmle.org: pass/fail for tests from 2022-01-26. Earlier 3-digit pass marks "
             "are not tabulated (RULES §8.8), so the recorded outcome decides"),
        _req("C-STEP2CK", "USMLE Step 2 CK passed", "exam_passed",
             {"exam": "STEP2CK",
              "pass_marks": [["2014-07-01", 209], ["2022-07-01", 214], ["2025-07-01", 218]]},
             "third_party", "209 from 2014-07-01; 214 from 2022-07-01 (copies of the USMLE "
             "announcement); 218 from 2025-07-01 (third-party citing USMLE, 2025)"),
    ]


def _clinical_skills(pathways: list[str], cs_failer: str | None, source: str) -> Requirement:
    return _req("C-CS", "Clinical and communication skills: Step 2 CS or one Pathway",
                "clinical_skills", {"pathways": pathways, "cs_failer_pathway": cs_failer},
                source=source)


def _oet(floor: str | None, provenance: str, source: str, *, writing_300: bool = True,
         ceiling: str | None = None) -> Requirement:
    writing = [["2000-01-01", 350], ["2022-04-01", 300]] if writing_300 else [
        ["2000-01-01", 350]]
    params = {"min_listening": 350, "min_reading": 350, "min_speaking": 350,
              "writing_minimums": writing, "date_floor": floor}
    if ceiling:
        params["date_ceiling"] = ceiling
    return _req("C-OET", "OET Medicine: all four sub-tests in one sitting",
                "oet_single_sitting", params, provenance, source)


def _window(exams: list[str], active: bool) -> Requirement:
    return _req("C-7YR", "Exams passed within 7 years of the first pass", "exam_window_years",
                {"years": 7, "exams": exams}, "third_party",
                "ECFMG booklet (2017-era text, quoted by matcharesident): historical; check "
                "before switching on for Pathways-era sets (RULES §9)", active)


_P1_5 = ["1", "2", "3", "4", "5"]
_P1_6 = [*_P1_5, "6"]
_W300 = ("Writing 300 for tests from 2022-04-01, a date inferred from a truncated ECFMG notice "
         "of 2022-03-31 (RULES §9)")


def _pathways_set(code: str, season: int, start: date, end: date | None, note: str,
                  clinical: Requirement, oet: Requirement) -> RuleSet:
    reqs = [_application(form_186=season < 2026), *_credentials(True), *_usmle(), clinical,
            oet, _window(["STEP1", "STEP2CK"], active=False)]
    if season >= 2026:  # MyIntealth replaced the legacy systems on 2025-08-14
        reqs.insert(0, _account())
    name = f"Standard ECFMG Certificate, {season} Match (Pathways)"
    return RuleSet(code, name, start, end, tuple(reqs), note)


SEED_RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        "RS-CS", "Standard ECFMG Certificate, Step 2 CS era (before Pathways)",
        date(2004, 6, 1), date(2020, 3, 16),
        (_application(form_186=True), *_credentials(False), *_usmle(),
         _req("C-STEP2CS", "USMLE Step 2 CS passed", "exam_passed",
              {"exam": "STEP2CS", "pass_fail_from": "2004-06-01"},
              source="RULES §2: pass/fail incl. spoken English; last test 2020-03-16"),
         _window(["STEP1", "STEP2CK", "STEP2CS"], active=True)),
        "From Step 2 CS (2004-06) to its last test (2020-03-16). Transfer-credit limits date "
        "from 2020 and are not applied here.",
    ),
    _pathways_set(
        "RS-2021-P", 2021, date(2020, 8, 1), date(2021, 3, 31),
        "RULES §2: 2020-08 to 2021-03 (days approximate)",
        _clinical_skills(_P1_5, None, "RULES §2: five pathways; a Step 2 CS failer rule for "
                         "2021 is " + _MISSING),
        _oet("2018-07-01", "third_party", "2018-07-01 floor official (RULES §9); all four 350; "
             "tests by the December 2020 date", writing_300=False, ceiling="2020-12-31")),
    _pathways_set(
        "RS-2022-P", 2022, date(2021, 8, 1), date(2022, 5, 31),
        "Season window assumed: August of M-1 to 31 May of M",
        _clinical_skills(_P1_6, "6", "RULES §2: Pathway 6 added for 2022, required of Step 2 "
                         "CS failers"),
        _oet(None, "third_party", "RULES §2: all four 350, tests by the December 2021 date; "
             "date floor " + _MISSING, writing_300=False, ceiling="2021-12-31")),
    _pathways_set(
        "RS-2023-P", 2023, date(2022, 8, 1), date(2023, 5, 31),
        "Season window assumed: August of M-1 to 31 May of M",
        _clinical_skills(_P1_6, "6", "RULES §2"),
        _oet(None, "derived", _W300 + "; date floor " + _MISSING)),
    _pathways_set(
        "RS-2024-P", 2024, date(2023, 8, 1), date(2024, 5, 31),
        "Season window assumed; deadline moved to 2023-12-31, reopened to 2024-02-15",
        _clinical_skills(_P1_6, "6", "RULES §2"),
        _oet("2022-01-01", "derived", "Floor 2022-01-01 (third-party quoting ECFMG); " + _W300)),
    _pathways_set(
        "RS-2025-P", 2025, date(2024, 8, 1), date(2025, 5, 31),
        "Opening assumed August 2024; season closed 2025-05-31",
        _clinical_skills([*_P1_6, "REVALIDATION"], "6", "RULES §2: Revalidation introduced"),
        _oet("2023-01-01", "third_party", "Floor 2023-01-01: VERIFIED in RULES §1, third-party "
             "quoting ECFMG in §9; L/R/S 350, W 300 (ecfmg.org OET page, quoted 2024-12-20)")),
    _pathways_set(
        "RS-2026-P", 2026, date(2025, 8, 19), None,
        "2026 Pathways announced 2025-08-19 (ECFMG news). Expected to carry into 2027 unless "
        "ECFMG publishes changes: nothing about 2027 is confirmed (RULES §9)",
        _clinical_skills([*_P1_6, "REVALIDATION"], "6",
                         "ECFMG 2026 Pathways news, 2025-08-19 (incl. Revalidation)"),
        _oet("2024-01-01", "derived", "L/R/S 350, W 300, one sitting (ecfmg.org OET page, "
             "quoted 2024-12-20). Floor 2024-01-01 DERIVED from the Jan 1 of M-2 pattern, not "
             "published (RULES §9): an admin must confirm it")),
)
