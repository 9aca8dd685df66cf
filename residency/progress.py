"""The Match part of an applicant's progress: facts from their records, the eligibility
engine (rules.py) over them, and the summary stored on the applicant.

Dates of the Match are US Eastern dates, so "today" here is today in US Eastern time.
`evaluate_match` reads everything in a constant number of queries, however many records.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from applicants.models import Applicant
from certification.models import ExamAttempt, PathwayApplication
from certification.rules import Evaluation, ExamAttemptFacts, usmle
from certification.rules.usmle import EXAM_LABELS
from core import clock, reference_cache

from . import calendar
from .models import MatchSeason, Registration, VisaNeed
from .rules import (
    RESULT_MARGIN_DAYS,
    CertificationState,
    CheckStatus,
    Eligibility,
    NrmpFacts,
    SeasonDates,
    VisaFacts,
    VisaRoute,
    WhatIf,
    match_eligibility,
)

PENDING = {"", ExamAttempt.Outcome.PENDING}


def result_days() -> dict[str, int]:
    """Typical days to a result: the engine's defaults, overridden by settings.RESULT_DAYS."""
    return {**calendar.DEFAULT_RESULT_DAYS, **getattr(settings, "RESULT_DAYS", {})}


# Seasons


@dataclass(frozen=True)
class Season:
    dates: SeasonDates
    status: str  # confirmed | proposed (a calendar row) | derived (no row: rules only)
    note: str = ""

    @property
    def year(self) -> int:
        return self.dates.year

    @property
    def confirmed(self) -> bool:
        return self.status == MatchSeason.Status.CONFIRMED

    @property
    def derived(self) -> bool:
        return self.status == "derived"


def season_for(year: int) -> Season:
    """The admin's calendar for `year`, or one derived from the rules when there is none
    (1 query, or none while the reference cache holds it)."""
    return reference_cache.cached(f"season:{year}", lambda: _load_season(year))


def _load_season(year: int) -> Season:
    row = next(iter(MatchSeason.objects.filter(year=year).order_by()[:1]), None)  # year: unique
    if row is None:
        return Season(calendar.derive_season(year), "derived")
    return Season(row.as_season_dates(), row.status, row.note)


# Certification facts


def certification_state(applicant: Applicant, evaluation: Evaluation | None, *,
                        today: date | None = None,
                        exam_facts: tuple[ExamAttemptFacts, ...] | None = None
                        ) -> CertificationState:
    """What the Match needs from ECFMG, from an applicant loaded with the road's records and
    its certificate evaluation (None: no rule set covers the season). No query.
    `exam_facts`: the attempts as the certificate's facts have them, when the caller has
    them already."""
    day = today or clock.today()
    exams, pathways = applicant.records.exams, applicant.records.pathways
    if exam_facts is None:
        exam_facts = tuple(ExamAttempt.as_facts(e) for e in exams)
    records = dict(
        **_exam_dates(exams), **_clinical_skills(exams, pathways, day),
        certificate_issued_on=_certificate_issued(applicant),
        exams_barred=_barred(exam_facts, day),
    )
    records["certificate_expected_on"] = _certificate_expected(
        evaluation, records, applicant.records.oet_sittings)
    if evaluation is None:  # no published rule set covers the season: nothing to count
        return CertificationState(
            certificate_missing=("a published ECFMG rule set for your season",), **records)
    return CertificationState.from_evaluation(evaluation, **records)


def _barred(facts: tuple[ExamAttemptFacts, ...], day: date) -> str:
    """Why no USMLE Step can be taken any more (the attempt limit), or ""."""
    hit = usmle.step_at_limit(facts, usmle.attempt_limit(day, facts), count_pending=False)
    if not hit:
        return ""
    return (f"{hit[1]} attempts on {usmle.EXAM_LABELS[hit[0]]} without a pass: no USMLE Step "
            "can be taken any more")


def _passes(exams: list[ExamAttempt], exam: str) -> list[ExamAttempt]:
    return sorted((a for a in exams if a.exam == exam and a.outcome == ExamAttempt.Outcome.PASS
                   and (a.test_date or a.result_date)), key=lambda a: a.test_date or a.result_date)


def _planned_on(exams: list[ExamAttempt], exam: str) -> date | None:
    """A booked test date, or one sat whose result is pending; the latest if several."""
    dates = [a.test_date or a.scheduled_date for a in exams
             if a.exam == exam and a.outcome in PENDING and (a.test_date or a.scheduled_date)]
    return max(dates, default=None)


def _exam_dates(exams: list[ExamAttempt]) -> dict:
    found = {}
    for exam, name in (("STEP1", "step1"), ("STEP2CK", "step2ck"), ("STEP3", "step3")):
        passes = _passes(exams, exam)
        first = passes[0] if passes else None
        found[f"{name}_passed_on"] = (first.test_date or first.result_date) if first else None
        found[f"{name}_planned_on"] = None if first else _planned_on(exams, exam)
    ck = _passes(exams, "STEP2CK")
    found["step2ck_score"] = max((a.score for a in ck if a.score is not None), default=None)
    return found


def _clinical_skills(exams: list[ExamAttempt], pathways: list[PathwayApplication],
                     day: date) -> dict:
    """The date the requirement was met (an unexpired accepted Pathway, or a Step 2 CS pass),
    else the date a Pathway application awaiting decision went in."""
    accepted = [p.decided_on or p.submitted_on for p in pathways
                if p.status == PathwayApplication.Status.ACCEPTED
                and not (p.valid_through and p.valid_through < day)
                and (p.decided_on or p.submitted_on)]
    cs = _passes(exams, "STEP2CS")
    met = min([*accepted, *(a.test_date or a.result_date for a in cs)], default=None)
    waiting = [p.submitted_on for p in pathways
               if p.status == PathwayApplication.Status.SUBMITTED and p.submitted_on]
    return {"clinical_skills_met_on": met,
            "clinical_skills_submitted_on": None if met else max(waiting, default=None)}


def _certificate_issued(applicant: Applicant) -> date | None:
    ecfmg = applicant.records.ecfmg
    return ecfmg.certificate_issued_on if ecfmg else None


def _certificate_expected(evaluation: Evaluation | None, records: dict,
                          sittings: list) -> date | None:
    """Only when nothing but results is missing: the last of their expected dates. Any
    other gap (documents, the application, a result with no test booked) has no date.
    Which result settles a requirement is its rule kind's to say (RuleKind.awaits, carried
    on the outcome as `awaits`): None for the documents and the like, and for what no
    booking can settle (Step 2 CS, the exam window)."""
    if evaluation is None or records["certificate_issued_on"]:
        return None
    missing = [o for o in evaluation.counted if not o.satisfied]
    if not missing or any(o.awaits is None for o in missing):
        return None
    days = result_days()
    booked = {"PATHWAY": records["clinical_skills_submitted_on"],
              "OET": _pending_oet_date(sittings)}
    expected = [_expected(o.awaits, booked[o.awaits] if o.awaits in booked
                          else records[f"{o.awaits.lower()}_planned_on"], days)
                for o in missing]
    return None if None in expected else max(expected)


def _expected(exam: str, on: date | None, days: dict) -> date | None:
    return calendar.result_expected_on(exam, on, days) if on else None


def _pending_oet_date(sittings: list) -> date | None:
    """A sitting booked or sat whose scores are not in yet."""
    dates = [s.test_date for s in sittings if s.listening is None and s.test_date]
    return max(dates, default=None)


# Match eligibility


def visa_facts(applicant: Applicant, registration: Registration | None) -> VisaFacts:
    """US citizens and green-card holders (as onboarding recorded them) need no visa; anyone
    else: the route they chose for the season ("either" is judged as J-1, the route ECFMG
    sponsors for everyone), and with no route chosen a J-1, marked as taken from the profile
    so the line says it is assumed rather than asking for the citizenship again."""
    if "US" in {c.code for c in applicant.citizenships}:
        return VisaFacts(VisaRoute.US_CITIZEN)
    if applicant.us_permanent_resident:
        return VisaFacts(VisaRoute.GREEN_CARD)
    need = registration.visa_need if registration else None
    route = {VisaNeed.J1: VisaRoute.J1, VisaNeed.EITHER: VisaRoute.J1,
             VisaNeed.H1B: VisaRoute.H1B, VisaNeed.NOT_NEEDED: VisaRoute.NOT_NEEDED}.get(need)
    if route is None and need in (None, "", VisaNeed.NONE):
        # no route chosen ("none" is the form's default): the profile says a visa is needed
        return VisaFacts(VisaRoute.J1, from_profile=True)
    return VisaFacts(route)


@dataclass(frozen=True)
class MatchEvaluation:
    applicant: Applicant
    season: Season
    registration: Registration | None
    state: CertificationState
    eligibility: Eligibility
    today: date


def evaluate_match(loaded: Applicant, evaluation: Evaluation | None,
                   season_year: int | None = None, today: date | None = None, *,
                   ecfmg_applies: bool = True,
                   exam_facts: tuple[ExamAttemptFacts, ...] | None = None) -> MatchEvaluation:
    """Eligibility for `season_year` (default: the target season) of an applicant loaded
    with the road's records, given its certificate evaluation (None: no rule set covers the
    season). `ecfmg_applies`: road_summary's decision (False: not an IMG); `exam_facts`: as
    for certification_state. No query while the reference cache holds the season."""
    day = today or clock.today()
    year = season_year or loaded.target_match_year
    season = season_for(year)
    registration = _registration(loaded, year)
    state = certification_state(loaded, evaluation, today=day, exam_facts=exam_facts)
    eligibility = match_eligibility(
        state, season.dates, NrmpFacts(
            registration.nrmp_registered_on if registration else None,
            registration.eras_submitted_on if registration else None),
        visa_facts(loaded, registration), day, result_days=result_days(),
        ecfmg_applies=ecfmg_applies)
    return MatchEvaluation(loaded, season, registration, state, eligibility, day)


def _registration(loaded: Applicant, year: int):
    """The applicant's registration for `year`, from the road's records (road.records)."""
    return next((r for r in loaded.records.registrations if r.season == year), None)


def match_problems(eligibility: Eligibility) -> list[dict]:
    """The checks not met or at risk, as the stored summary keeps them."""
    return [{"code": c.code, "title": c.title, "status": str(c.status), "why": c.why}
            for c in eligibility.checks if c.status in (CheckStatus.NOT_MET, CheckStatus.AT_RISK)]


# What-if planner


EXAM_CHOICES = [*((exam, f"USMLE {EXAM_LABELS[exam]}") for exam in ("STEP1", "STEP2CK", "STEP3")),
                ("OET", "OET Medicine"), ("PATHWAY", "Pathway application (submission)")]


@dataclass(frozen=True)
class WhatIfAnswer:
    result: WhatIf
    season: Season
    headline: str
    details: tuple[str, ...]
    tight: bool  # safe, but with less room than a slow result needs

    @property
    def safe(self) -> bool:
        return self.result.safe

    @property
    def typical_days(self) -> int:
        return (self.result.result_on - self.result.planned_on).days


def what_if_answer(exam: str, planned_on: date, season: Season,
                   today: date | None = None) -> WhatIfAnswer:
    """The what-if engine's answer for the page, in plain sentences. Saves nothing."""
    day = today or clock.today()
    w = calendar.what_if(exam, planned_on, season.dates, result_days(), day)
    label, year = calendar.RESULT_LABELS[w.exam], season.year
    noun, verb = ("decision", "submission") if w.exam == "PATHWAY" else ("result", "test")
    result = f"a {label} {noun} from {planned_on} is expected {w.result_on}"
    needed = _needed_text(w)
    latest = calendar.latest_safe_date(w.exam, season.dates, result_days())
    latest_text = (f"Latest safe {verb} date: {latest}." if w.latest_safe_on else
                   f"The latest safe {verb} date for the {year} Match ({latest}) has passed.")
    if w.safe:
        spare = w.days_to_spare
        tight = spare < RESULT_MARGIN_DAYS
        headline = f"In time for the {year} Match: {result}, {spare} days before {needed}."
        extra = (f"Only {spare} days to spare: a slow {noun} would miss it.",) if tight else ()
        return WhatIfAnswer(w, season, headline, (latest_text, *extra), tight)
    if w.result_on <= w.needed_by:  # a Pathway: in time, but after ECFMG's submission cut-off
        why = f"{result}, but Pathway applications for the {year} Match are due by {latest}"
    else:
        why = f"{result}, after {needed}"
    later = (f"The {w.next_season} Match works." if w.next_season else
             f"No Match up to {year + calendar.LATER_SEASONS_TRIED} works with this date.")
    return WhatIfAnswer(w, season, f"Too late for the {year} Match: {why}.",
                        (latest_text, later), False)


def _needed_text(w: WhatIf) -> str:
    if w.exam == "OET":
        return f"the last safe day to submit a Pathway application ({w.needed_by})"
    return f"the rank order list deadline on {w.needed_by}"


def planned_attempt(applicant: Applicant, day: date) -> ExamAttempt | None:
    """The applicant's next booked, untaken USMLE test (1 query), to prefill the planner."""
    return (ExamAttempt.objects.filter(
        applicant=applicant, test_date__isnull=True, scheduled_date__gte=day,
        exam__in=["STEP1", "STEP2CK", "STEP3"]).order_by("scheduled_date").first())


def default_planned_date(day: date) -> date:
    return day + timedelta(weeks=8)
