"""Everything the dashboard and the progress report show, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.urls import get_script_prefix, reverse

from certification.models import EcfmgRecord
from certification.progress import RECORDS, evaluate_applicant
from certification.rules import registry
from core import preload
from residency.fit import fit_facts_from_loaded, program_facts
from residency.progress import eastern_today, evaluate_match
from residency.rules import program_fit

from ..models import Applicant

# What the dashboard reads beyond the engine's records: the registrations (the target
# season's one is picked in Python) and the saved programs.
DASHBOARD = {**RECORDS, "registrations": {}, "saved_programs": {"program": {}}}
DEADLINE_WINDOW = timedelta(days=90)

MATCH_FIX_PAGES = {
    "N1": "residency:registration", "N2-STEP1": "certification:exams",
    "N2-STEP2CK": "certification:exams", "N2-CS": "certification:pathways",
    "N3": "certification:checklist", "VISA": "residency:registration", "N4": "residency:match",
}
# One tone per status word of either engine: what colour and order a line gets.
TONES = {
    "blocked": "bad", "not_met": "bad", "expiring": "warn", "at_risk": "warn",
    "in_progress": "progress", "on_track": "progress", "not_started": "todo",
    "unknown": "todo", "met": "ok", "not_applicable": "off",
}
TONE_ORDER = {"bad": 0, "warn": 1, "todo": 2, "progress": 3, "ok": 4, "off": 5}
STATUS_WORDS = {"bad": "Blocked", "warn": "At risk", "ok": "On track"}


@dataclass
class Line:
    title: str
    status: str  # the engine's own word
    why: str
    next_action: str
    url: str | None
    check_source: bool = False

    @property
    def tone(self) -> str:
        return TONES.get(self.status, "todo")

    @property
    def label(self) -> str:
        """The status in words: "not_started" reads "Not started"."""
        return self.status.replace("_", " ").capitalize()

    @property
    def blocking(self) -> bool:
        return self.tone == "bad"


@dataclass
class Bar:
    label: str
    met: int
    total: int
    word: str  # On track / At risk / Blocked
    note: str = ""  # why the word, in one sentence

    @property
    def percent(self) -> int:
        return self.met * 100 // self.total if self.total else 0


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
    season_year: int = 0
    empty: bool = False
    blocking: list[Line] = field(default_factory=list)
    season_over_on: date | None = None  # Match Day of a target season already past


def dashboard_applicant(user) -> Applicant | None:
    """The signed-in applicant with every record the dashboard reads: one query on
    PostgreSQL (core.preload), whatever the number of records."""
    found = preload.load(Applicant.objects.visible_to(user).filter(user=user), DASHBOARD)
    return found[0] if found else None


def build(applicant: Applicant) -> Dashboard:
    """The dashboard of an applicant loaded by dashboard_applicant (no further query while
    the reference cache holds the rule sets and the season)."""
    today = eastern_today()
    stored_set, evaluation = evaluate_applicant(applicant, today)  # 2 queries
    match = evaluate_match(applicant, None, today, loaded=applicant, evaluation=evaluation)
    cert_lines = _certificate_lines(stored_set, evaluation)
    match_lines = [_match_line(c) for c in match.eligibility.checks]
    groups = [(group.key, group.title, _sorted([ln for kind, ln in cert_lines if kind in kinds]))
              for group, kinds in registry.groups()]
    groups.append(("match", f"The {match.season.year} Match", _sorted(match_lines)))
    saved = list(applicant.saved_programs.all())
    fits = _fits(applicant, saved, match)
    lines = [ln for _, _, group in groups for ln in group]
    return Dashboard(
        applicant=applicant, today=today,
        certificate=_certificate_bar(evaluation, [ln for _, ln in cert_lines],
                                     match.eligibility.check("N3")),
        match=_match_bar(match.eligibility, match.season.year),
        match_verdict=str(match.eligibility.status),
        groups=[g for g in groups if g[2]],
        deadlines=_deadlines(applicant, match.season.dates, today),
        events=_events(applicant, match.season.dates, today),
        saved_total=len(saved), saved_eligible=sum(f.status == "eligible" for f in fits),
        common_reason=_common_reason(fits),
        rule_set_name=stored_set.name if stored_set else "", season_year=match.season.year,
        season_over_on=_over_on(match.season.dates, today),
        empty=_is_new(applicant), blocking=[ln for ln in lines if ln.blocking],
    )


def _certificate_lines(stored_set, evaluation) -> list[tuple[str, Line]]:
    if evaluation is None:
        return []
    requirements = {r.code: r for r in stored_set.loaded_requirements}
    lines = []
    for outcome in evaluation.outcomes:
        if outcome.status.value == "not_applicable":
            continue
        kind = requirements[outcome.code].kind
        lines.append((kind, Line(outcome.title, outcome.status.value, outcome.why,
                                 outcome.next_action, _url(registry.fix_page(kind)),
                                 outcome.provenance in {"third_party", "derived"})))
    return lines


def _match_line(check) -> Line:
    return Line(check.title, str(check.status), check.why, check.next_action,
                _url(MATCH_FIX_PAGES.get(check.code, "residency:match")))


def _url(name: str | None) -> str | None:
    return _reversed(name, get_script_prefix()) if name else None


@lru_cache(maxsize=64)
def _reversed(name: str, prefix: str) -> str:
    """A fix-it page's URL: argument-free names, reversed once per script prefix."""
    return reverse(name)


def _sorted(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda ln: TONE_ORDER[ln.tone])


def _certificate_bar(evaluation, lines: list[Line], timing) -> Bar | None:
    """The certificate's figure and word. Beyond its own lines (blocked, at risk) the word
    answers "in time?": with nothing blocked, a certificate not expected before training
    starts in the target season (the Match's N3 check, `timing`) reads At risk, so a new
    applicant with nothing planned is not told "On track"."""
    if evaluation is None:
        return None
    bad = [ln.title for ln in lines if ln.tone == "bad"]
    warn = [ln.title for ln in lines if ln.tone == "warn"]
    if bad:
        word, note = STATUS_WORDS["bad"], f"Blocked: {'; '.join(bad)}."
    elif warn:
        word, note = STATUS_WORDS["warn"], f"At risk: {'; '.join(warn)}."
    elif str(timing.status) in {"met", "on_track"}:
        word, note = STATUS_WORDS["ok"], f"{timing.why}."
    elif evaluation.met_count == evaluation.total:
        word, note = STATUS_WORDS["ok"], ("Every requirement is met: the certificate itself "
                                          "is not on record yet.")
    elif str(timing.status) == "unknown":
        word, note = STATUS_WORDS["warn"], (
            "No expected certificate date yet: not every remaining requirement has a "
            f"planned date, so nothing says it comes before training starts ({timing.due}).")
    else:
        word, note = STATUS_WORDS["warn"], f"{timing.why}."
    return Bar("Standard ECFMG Certificate", evaluation.met_count, evaluation.total, word,
               note)


def _match_bar(eligibility, year: int) -> Bar:
    checks = eligibility.checks
    met = sum(str(c.status) == "met" for c in checks)
    status = str(eligibility.status)
    word = {"eligible": STATUS_WORDS["ok"], "not_eligible": STATUS_WORDS["bad"]}.get(
        status, STATUS_WORDS["warn"])
    if status == "eligible":
        note = ("Every check is met." if eligibility.confirmed else
                "Every check is on track, as long as what you have booked goes to plan.")
    else:
        parts = []
        for check_status, heading in (("not_met", "Not met"), ("at_risk", "At risk"),
                                      ("unknown", "Not known yet")):
            titles = [c.title for c in checks if str(c.status) == check_status]
            if titles:
                parts.append(f"{heading}: {'; '.join(titles)}.")
        note = " ".join(parts)
    return Bar(f"Match eligibility, {year}", met, len(checks), word, note)


def _over_on(season, today: date) -> date | None:
    """The target season's Match Day when it is behind us: the applicant should aim later."""
    return season.match_day.on if today > season.match_day.on else None


def _fits(applicant: Applicant, saved: list, match) -> list:
    facts = fit_facts_from_loaded(applicant, match.registration,
                                  match.state.certificate_expected_on)
    deadline = match.season.dates.rol_deadline.on
    return [program_fit(program_facts(s.program), facts, match.season.year,
                        rank_deadline=deadline) for s in saved]


def _common_reason(fits) -> str:
    reasons = Counter(c.title for f in fits if f.status == "not_eligible"
                      for c in f.hard_failures)
    return reasons.most_common(1)[0][0] if reasons else ""


def _is_new(applicant: Applicant) -> bool:
    """No record of any kind yet: the dashboard teaches what to enter first."""
    return not (_ecfmg(applicant) or applicant.documents.all() or applicant.exams.all()
                or applicant.oet_sittings.all() or applicant.pathways.all())


def _ecfmg(applicant: Applicant):
    try:
        return applicant.ecfmg
    except EcfmgRecord.DoesNotExist:
        return None


def _deadlines(applicant: Applicant, season, today: date) -> list[Deadline]:
    zone = _zone(applicant)
    horizon = today + DEADLINE_WINDOW
    items = [_season_deadline(e, zone, today) for e in season.events()
             if today <= e.on <= horizon]
    for attempt in applicant.exams.all():
        if attempt.test_date:
            continue
        label = attempt.get_exam_display()
        if attempt.scheduled_date and today <= attempt.scheduled_date <= horizon:
            items.append(_day(f"{label}: test day", attempt.scheduled_date, today,
                              "certification:exams"))
        elif attempt.eligibility_end and today <= attempt.eligibility_end <= horizon:
            items.append(_day(f"{label}: eligibility period ends", attempt.eligibility_end,
                              today, "certification:exams"))
    for pathway in applicant.pathways.all():
        if pathway.valid_through and today <= pathway.valid_through <= horizon:
            items.append(_day(f"{pathway.get_pathway_display()}: acceptance ends",
                              pathway.valid_through, today, "certification:pathways"))
    return sorted(items, key=lambda d: d.on)


def _zone(applicant: Applicant) -> ZoneInfo:
    try:
        return ZoneInfo(applicant.time_zone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _season_deadline(event, zone: ZoneInfo, today: date) -> Deadline:
    local = ""
    if event.at is not None:
        moment = event.at.astimezone(zone)
        local = f"{moment:%Y-%m-%d %H:%M} your time ({zone.key})"
    return Deadline(event.label, event.on, (event.on - today).days, str(event), local,
                    _url("residency:match"))


def _day(title: str, on: date, today: date, url_name: str) -> Deadline:
    return Deadline(title, on, (on - today).days, f"{on}", "", _url(url_name))


def _events(applicant: Applicant, season, today: date) -> list[Event]:
    events = []
    for attempt in applicant.exams.all():
        day = attempt.test_date or attempt.scheduled_date
        if day:
            outcome = attempt.get_outcome_display().lower() if attempt.outcome else "planned"
            events.append(Event(day, f"{attempt.get_exam_display()} ({outcome})", day <= today))
    for sitting in applicant.oet_sittings.all():
        scored = sitting.listening is not None
        state = "scores in" if scored else ("results pending" if sitting.test_date <= today
                                            else "booked")
        events.append(Event(sitting.test_date, f"OET Medicine ({state})",
                            sitting.test_date <= today))
    for doc in applicant.documents.all():
        if doc.state == "verified" and doc.state_changed_on:
            events.append(Event(doc.state_changed_on, f"{doc} verified", True))
    for pathway in applicant.pathways.all():
        if pathway.decided_on:
            events.append(Event(pathway.decided_on,
                                f"{pathway.get_pathway_display()} {pathway.status}", True))
    ecfmg = _ecfmg(applicant)
    if ecfmg and ecfmg.application_submitted_on:
        events.append(Event(ecfmg.application_submitted_on, "ECFMG application submitted", True))
    if ecfmg and ecfmg.certificate_issued_on:
        events.append(Event(ecfmg.certificate_issued_on, "ECFMG certificate issued", True))
    if ecfmg and ecfmg.account_verified_on:
        events.append(Event(ecfmg.account_verified_on, "ECFMG identity verified",
                            ecfmg.account_verified_on <= today))
    for registration in applicant.registrations.all():
        if registration.nrmp_registered_on:
            events.append(Event(registration.nrmp_registered_on,
                                f"NRMP registration, {registration.season} Match",
                                registration.nrmp_registered_on <= today))
    for key in ("rol_deadline", "match_day", "training_starts"):
        event = getattr(season, key)
        events.append(Event(event.on, event.label, event.on <= today))
    return sorted(events, key=lambda e: e.on)
