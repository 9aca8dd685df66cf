"""Everything the dashboard and the progress report show, in a fixed number of queries.

The words (each bar's word and note, each line's status) come from road.summary, the one
function that decides them; this module lays them out and adds the dates.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from applicants.models import Applicant
from applicants.models import Deadline as DeadlineRow
from applicants.reminders import schedule
from applicants.reminders.display import when
from applicants.selectors import own_applicant_with
from certification.models import CredentialDocument, ExamAttempt, PathwayApplication
from certification.rules import registry
from core import clock
from core.links import reverse_once
from core.preload import Related
from core.status import TONE_ORDER, Status, Tone, Verdict, tone, word
from residency.fit import fit_facts_from_loaded, program_facts
from residency.models import ResidencyApplication
from residency.rules import program_fits
from residency.selectors.programs import fit_reason

from ..records import ROAD_RECORDS
from ..summary import Bar, road_summary

DEADLINE_WINDOW = timedelta(days=90)
# The stored deadline rows (written by the road refresh: what the applicant is reminded of),
# loaded with the road's records in the same one query.
DASHBOARD_RECORDS = {
    **ROAD_RECORDS,
    "deadlines": Related(DeadlineRow, "applicant", (
        "kind", "source_key", "title", "due_at", "zone", "all_day", "url", "confirmed",
        "done_at")),
}
# The deadline rows the timeline marks beside the records' own dates.
TIMELINE_SEASON_KEYS = ("rol_deadline", "match_day", "training_starts")
TIMELINE_KINDS = {DeadlineRow.Kind.INTERVIEW, DeadlineRow.Kind.OWN, DeadlineRow.Kind.PATHWAY,
                  DeadlineRow.Kind.CERTIFICATE}

MATCH_FIX_PAGES = {
    "N1": "residency:registration", "N2-STEP1": "certification:exams",
    "N2-STEP2CK": "certification:exams", "N2-CS": "certification:pathways",
    "N3": "certification:checklist", "VISA": "residency:registration", "N4": "residency:match",
}

# The help page each Match check links to (slugs of applicants.help_seed); the rest: the
# Match calendar. The certificate's lines take theirs from the rule kinds' registry.
MATCH_HELP_PAGES = {"VISA": "visas", "N2-CS": "pathways-and-oet", "N3": "steps-to-the-certificate"}


@dataclass
class Line:
    title: str
    status: object  # the engine's own member (core.status)
    why: str
    next_action: str
    url: str | None
    check_source: bool = False
    help_url: str | None = None  # the help page that explains the line (public, in plain words)

    @property
    def tone(self) -> Tone:
        return tone(self.status)

    @property
    def label(self) -> str:
        return word(self.status)

    @property
    def blocking(self) -> bool:
        return self.tone is Tone.BAD


@dataclass
class Deadline:
    title: str
    on: date
    days_left: int
    official: str  # as the source states it, e.g. "2027-03-03, 9 pm ET"
    local: str  # the same moment in the applicant's time zone ("" for a date without a time)
    url: str | None = None


@dataclass
class Event:
    on: date
    label: str
    past: bool


@dataclass
class Dashboard:
    applicant: Applicant
    today: date
    certificate: Bar | None
    match: Bar
    match_verdict: str
    groups: list[tuple[str, str, list[Line]]]
    deadlines: list[Deadline]
    events: list[Event]
    saved_total: int
    saved_eligible: int
    common_reason: str
    rule_set_name: str = ""
    rules_note: str = ""  # the season has no set of its own (RoadSummary.rules_note)
    certificate_heading: str = ""  # certification does not apply: this instead of the bar
    certificate_reason: str = ""
    season_year: int = 0
    empty: bool = False
    blocking: list[Line] = field(default_factory=list)
    season_over_on: date | None = None  # Match Day of a target season already past
    next_step: Line | None = None  # the first thing to do: the worst line with an action
    saved_fits: list[tuple[str, str, str]] = field(default_factory=list)  # name, word, why
    applications: list[tuple[str, str, date | None]] = field(default_factory=list)
    ecfmg_id: str = ""
    canada: Bar | None = None  # the Canadian route, for applicants who track it

    @property
    def bars(self) -> list[Bar]:
        return [bar for bar in (self.certificate, self.match, self.canada) if bar]


def dashboard_applicant(user) -> Applicant | None:
    """The signed-in applicant with every record the dashboard reads: one query on
    PostgreSQL (core.preload), whatever the number of records."""
    return own_applicant_with(user, DASHBOARD_RECORDS)


def build(applicant: Applicant) -> Dashboard:
    """The dashboard of an applicant loaded by dashboard_applicant (no further query while
    the reference cache holds the rule sets and the season)."""
    summary = road_summary(applicant, clock.today())  # 2 queries on a cold cache
    today, match = summary.today, summary.match
    cert_lines = outcome_lines(summary.evaluation if summary.certificate_applies else None)
    cert_lines += outcome_lines(summary.canada_evaluation)  # its kinds' own group
    match_lines = [_match_line(c) for c in match.eligibility.checks]
    groups = [(group.key, group.title, _sorted([ln for kind, ln in cert_lines if kind in kinds]))
              for group, kinds in registry.groups()]
    groups.append(("match", f"The {match.season.year} Match", _sorted(match_lines)))
    saved = applicant.records.saved_programs
    fits = _fits(applicant, saved, match)
    lines = [ln for _, _, group in groups for ln in group]
    return Dashboard(
        applicant=applicant, today=today, certificate=summary.certificate,
        match=summary.match_bar, match_verdict=str(summary.verdict),
        groups=[g for g in groups if g[2]],
        deadlines=_deadlines(applicant, today),
        events=_events(applicant, today),
        saved_total=len(saved), saved_eligible=sum(f.status is Verdict.ELIGIBLE for f in fits),
        common_reason=_common_reason(fits),
        rule_set_name=summary.rule_set.name if summary.rule_set and summary.certificate_applies
        else "",
        rules_note=summary.rules_note if summary.certificate_applies else "",
        certificate_heading=summary.certificate_heading,
        certificate_reason=summary.certificate_reason,
        season_year=match.season.year, season_over_on=_over_on(match.season.dates, today),
        empty=summary.certificate_applies and _is_new(applicant),
        blocking=[ln for ln in lines if ln.blocking],
        canada=summary.canada,
        next_step=_next_step(lines),
        saved_fits=[(s.program.name, word(f.status), fit_reason(f)) for s, f in
                    zip(saved, fits, strict=True)],
        applications=_applications(applicant, match.season.year),
        ecfmg_id=getattr(applicant.records.ecfmg, "ecfmg_id", "") or "",
    )


def _applications(applicant: Applicant, season: int) -> list[tuple[str, str, date | None]]:
    """The season's applications: program, status word, interview day."""
    return [(a.program.name, ResidencyApplication.Status(a.status).label, a.interview_on)
            for a in getattr(applicant.records, "applications", ()) if a.season == season]


def _next_step(lines: list[Line]) -> Line | None:
    """The line the phone dashboard leads with: the worst tone first, in checklist order
    within a tone (sorted() is stable), among the lines that say what to do."""
    todo = [ln for ln in lines if ln.next_action and ln.tone is not Tone.OK]
    return _sorted(todo)[0] if todo else None


def outcome_lines(evaluation) -> list[tuple[str, Line]]:
    if evaluation is None:
        return []
    return [(o.kind, Line(o.title, o.status, o.why, o.next_action,
                          _url(registry.fix_page(o.kind)),
                          o.provenance in {"third_party", "derived"},
                          _help_url(registry.help_page(o.kind))))
            for o in evaluation.outcomes if o.status is not Status.NOT_APPLICABLE]


def _match_line(check) -> Line:
    return Line(check.title, check.status, check.why, check.next_action,
                _url(MATCH_FIX_PAGES.get(check.code, "residency:match")),
                help_url=_help_url(MATCH_HELP_PAGES.get(check.code, "match-calendar")))


def _help_url(slug: str | None) -> str | None:
    return reverse_once("applicants:help-page", slug) if slug else None


def _url(name: str | None) -> str | None:
    """A fix-it page's URL (argument-free names)."""
    return reverse_once(name) if name else None


def _sorted(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda ln: TONE_ORDER[ln.tone])


def _over_on(season, today: date) -> date | None:
    """The target season's Match Day when it is behind us: the applicant should aim later."""
    return season.match_day.on if today > season.match_day.on else None


def _fits(applicant: Applicant, saved: list, match) -> list:
    facts = fit_facts_from_loaded(applicant, match.registration,
                                  match.state.certificate_expected_on)
    deadline = match.season.dates.rol_deadline.on
    return program_fits([program_facts(s.program) for s in saved], facts, match.season.year,
                        rank_deadline=deadline)


def _common_reason(fits) -> str:
    reasons = Counter(c.title for f in fits if f.status is Verdict.NOT_ELIGIBLE
                      for c in f.hard_failures)
    return reasons.most_common(1)[0][0] if reasons else ""


def _is_new(applicant: Applicant) -> bool:
    """No record of any kind yet: the dashboard teaches what to enter first."""
    r = applicant.records
    return not (r.ecfmg or r.documents or r.exams or r.oet_sittings or r.pathways)


def _exam(attempt) -> str:
    return ExamAttempt.Exam(attempt.exam).label


def _pathway(pathway) -> str:
    return PathwayApplication.Pathway(pathway.pathway).label


def _open_rows(applicant: Applicant) -> list:
    """The stored deadline rows still open (done ones are the applicant's past)."""
    return [d for d in getattr(applicant.records, "deadlines", ()) if d.done_at is None]


def _day_of(row):
    return row.due_at.astimezone(schedule.zone_of(row.zone)).date()


def _deadlines(applicant: Applicant, today: date) -> list[Deadline]:
    horizon = today + DEADLINE_WINDOW
    items = []
    for row in _open_rows(applicant):
        on = _day_of(row)
        if today <= on <= horizon:
            shown = when(row, applicant.time_zone)
            official = shown.official + ("" if row.confirmed else " (estimated)")
            items.append(Deadline(row.title, on, (on - today).days, official, shown.local,
                                  row.url or None))
    return sorted(items, key=lambda d: d.on)


def _events(applicant: Applicant, today: date) -> list[Event]:
    events = []
    records = applicant.records
    for attempt in records.exams:
        day = attempt.test_date or attempt.scheduled_date
        if day:
            outcome = (ExamAttempt.Outcome(attempt.outcome).label.lower() if attempt.outcome
                       else "planned")
            events.append(Event(day, f"{_exam(attempt)} ({outcome})", day <= today))
    for sitting in records.oet_sittings:
        scored = sitting.listening is not None
        state = "scores in" if scored else ("results pending" if sitting.test_date <= today
                                            else "booked")
        events.append(Event(sitting.test_date, f"OET Medicine ({state})",
                            sitting.test_date <= today))
    for doc in records.documents:
        if doc.state == CredentialDocument.State.VERIFIED and doc.state_changed_on:
            name = doc.title or CredentialDocument.Type(doc.type).label
            events.append(Event(doc.state_changed_on, f"{name} verified", True))
    for pathway in records.pathways:
        if pathway.decided_on:
            events.append(Event(pathway.decided_on, f"{_pathway(pathway)} {pathway.status}",
                                True))
    ecfmg = records.ecfmg
    if ecfmg and ecfmg.application_submitted_on:
        events.append(Event(ecfmg.application_submitted_on, "ECFMG application submitted", True))
    if ecfmg and ecfmg.certificate_issued_on:
        events.append(Event(ecfmg.certificate_issued_on, "ECFMG certificate issued", True))
    if ecfmg and ecfmg.account_verified_on:
        events.append(Event(ecfmg.account_verified_on, "ECFMG identity verified",
                            ecfmg.account_verified_on <= today))
    for registration in records.registrations:
        if registration.nrmp_registered_on:
            events.append(Event(registration.nrmp_registered_on,
                                f"NRMP registration, {registration.season} Match",
                                registration.nrmp_registered_on <= today))
    for row in _open_rows(applicant):
        if row.kind in TIMELINE_KINDS or (row.kind == DeadlineRow.Kind.SEASON
                                          and row.source_key.endswith(TIMELINE_SEASON_KEYS)):
            on = _day_of(row)
            events.append(Event(on, row.title, on <= today))
    return sorted(events, key=lambda e: e.on)
