"""The road's words: one function decides the certificate word, the Match word and each
check's status, and every page, the PDF and the stored summary read it.

`road_summary(applicant, today)` takes an applicant loaded with the road's records
(road.records.road_applicant: one query) and evaluates both engines once.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings

from applicants.reminders.schedule import zone_of
from certification.models import CredentialDocument, ExamAttempt
from certification.progress import evaluate_both, load_facts
from certification.rules import Evaluation
from core import clock
from core.status import (
    CertificateState,
    CheckStatus,
    RoadWord,
    Status,
    Tone,
    Verdict,
    tone,
    word,
)
from residency.progress import MatchEvaluation, evaluate_match, match_problems

from . import flags as risk

CERTIFICATE = "Standard ECFMG Certificate"
CANADA = "Canadian route"


@dataclass(frozen=True)
class Bar:
    """A progress bar: the figure, its word and why that word, in one sentence."""

    label: str
    met: int
    total: int
    status: RoadWord | Verdict  # the certificate bar: a RoadWord; the Match bar: the verdict
    note: str = ""

    @property
    def percent(self) -> int:
        return self.met * 100 // self.total if self.total else 0

    @property
    def word(self) -> str:
        """The word as it reads: On track, At risk, Blocked."""
        return word(self.status)


@dataclass(frozen=True)
class RoadSummary:
    today: date
    rule_set: object  # the stored RequirementSet that applies, or None
    evaluation: Evaluation | None  # None: no published rule set covers the season
    match: MatchEvaluation
    certificate: Bar | None  # None: no rule set covers the season, or certification
    match_bar: Bar           # does not apply (certificate_applies)
    certificate_applies: bool = True
    certificate_reason: str = ""  # when it does not apply: why, and what applies instead
    category: str = ""  # the IMG category (applicants.rules.Category)
    flags: tuple[risk.Raised, ...] = ()  # the risk flags, most blocking first
    # The next open deadline (date, title) of the stored deadline rows, when the applicant
    # was loaded with them (the dashboard) or the refresh has just written them.
    next_deadline: tuple[date, str] | None = field(default=None)
    # The Canadian route, for applicants who track it (Applicant.track_canada): the set of
    # kind "canada", its evaluation by the same engine, and its bar. None otherwise.
    canada_set: object = None
    canada_evaluation: Evaluation | None = None
    canada: Bar | None = None

    @property
    def verdict(self) -> Verdict:
        return self.match.eligibility.status

    @property
    def certificate_heading(self) -> str:
        """The heading that stands where the certificate bar and checklist would be."""
        if self.certificate_applies:
            return ""
        return ("ECFMG certification is not open to graduates of your school"
                if self.certificate_reason.startswith("ECFMG does not certify")
                else "ECFMG certification does not apply to you")

    @property
    def certificate_state(self) -> CertificateState:
        if not self.certificate_applies:
            return CertificateState.NOT_APPLICABLE
        if self.evaluation is None:
            return CertificateState.NO_RULE_SET
        return CertificateState(self.evaluation.certificate_status)

    @property
    def rank_line(self) -> str:
        """Eligible to rank, said apart from what training needs by 1 July."""
        e = self.match.eligibility
        if e.check("N3").status is CheckStatus.NOT_APPLICABLE:
            return (f"To rank in the {e.season} Match: {word(e.to_rank)}. ECFMG certification "
                    "does not apply to you, so NRMP asks ECFMG for nothing: you register "
                    "with NRMP and rank.")
        return (f"To rank in the {e.season} Match: {word(e.to_rank)}. NRMP needs ECFMG to "
                "confirm Step 1, Step 2 CK and the clinical and communication skills "
                "requirement by the rank order list deadline; the certificate itself is not "
                "needed to match.")

    @property
    def train_line(self) -> str:
        start = self.match.season.dates.training_starts.on
        e = self.match.eligibility
        needs = ("a visa, if you need one" if e.check("N3").status is CheckStatus.NOT_APPLICABLE
                 else "the ECFMG certificate, and a visa if you need one")
        return f"To start training on {start} ({needs}): {word(e.to_train)}."

    @property
    def rules_note(self) -> str:
        """Said on every page that names the rules, when the season has no set of its own."""
        stored = self.rule_set
        if stored is None or not stored.derived_for:
            return ""
        from_season = stored.as_rule_set(requirements=()).last_season
        return (f"No ECFMG rules have been published for the {stored.derived_for} Match yet: "
                f"you are checked against the rules of the {from_season} Match, carried "
                "over until they are. Check each requirement with ECFMG.")

    @property
    def blocking(self) -> tuple[str, ...]:
        """Titles of the certificate requirements that block."""
        if not self.certificate_applies or self.evaluation is None:
            return ()
        return tuple(o.title for o in self.evaluation.blocking)

    def status_of(self, code: str):
        """The status of the certificate requirement or Match check with this code."""
        for outcome in self.evaluation.outcomes if self.evaluation else ():
            if outcome.code == code:
                return outcome.status
        return self.match.eligibility.check(code).status

    def with_deadlines(self, rows) -> "RoadSummary":
        """The same summary, its next deadline taken from these deadline rows."""
        return replace(self, next_deadline=next_deadline(rows, self.today))

    def stored(self) -> dict:
        """The columns of the summary kept on the applicant, for lists that sort and filter
        in SQL (the caseload)."""
        evaluation = self.evaluation if self.certificate_applies else None
        rank, triage_on = risk.triage(self.flags)
        deadline_on, deadline_title = self.next_deadline or (None, "")
        return {
            "category": self.category,
            "risk_flags": [f.as_stored() for f in self.flags],
            "flag_codes": "".join(f"|{f.code}" for f in self.flags) + ("|" if self.flags
                                                                        else ""),
            "triage_rank": rank,
            "triage_on": triage_on,
            "next_deadline_on": deadline_on,
            "next_deadline_title": deadline_title[:200],
            "cert_percent": evaluation.percent_met if evaluation else 0,
            "cert_met": evaluation.met_count if evaluation else 0,
            "cert_total": evaluation.total if evaluation else 0,
            "cert_status": str(self.certificate_state),
            "cert_word": str(self.certificate.status) if self.certificate else "",
            "cert_blocking": list(self.blocking),
            "match_status": str(self.verdict),
            "match_word": str(self.match_bar.status),
            "match_problems": match_problems(self.match.eligibility),
            "canada_word": str(self.canada.status) if self.canada else "",
            "canada_percent": self.canada.percent if self.canada else 0,
        }


def road_summary(applicant, today: date | None = None, *,
                 season: int | None = None) -> RoadSummary:
    """Both engines over the applicant's records, and the words they come to. `season`:
    the Match season to judge (default: the applicant's target season)."""
    day = today or clock.today()
    facts = load_facts(applicant)  # built once: both engines and the flags read them
    (stored_set, evaluation), (canada_set, canada) = evaluate_both(applicant, day, facts)
    canadian = {"canada_set": canada_set, "canada_evaluation": canada,
                "canada": canada_bar(canada)}
    classification = applicant.classification
    applies = classification.ecfmg_required is True  # not an IMG, or a school ECFMG never certifies
    # Not an IMG (ecfmg_required False): what NRMP asks ECFMG to confirm does not apply. A
    # school ECFMG never certifies (None) leaves the checks standing: they are not met.
    match = evaluate_match(applicant, evaluation, season, day,
                           ecfmg_applies=classification.ecfmg_required is not False,
                           exam_facts=facts.exams)
    e = match.eligibility
    bar = match_bar(match)
    bar = replace(bar, note=f"{bar.note} To rank: {word(e.to_rank)}; to start training: "
                  f"{word(e.to_train)}.".strip())
    extra = {**canadian, "category": str(classification.category),
             "flags": risk.raised(flag_facts(applicant, match, applies, facts.exams), day),
             "next_deadline": next_deadline(getattr(applicant.records, "deadlines", None), day)}
    if not applies:
        return RoadSummary(day, stored_set, evaluation, match, None, bar,
                           certificate_applies=False,
                           certificate_reason=classification.explanation, **extra)
    return RoadSummary(day, stored_set, evaluation, match,
                       certificate_bar(evaluation, match), bar, **extra)


def next_deadline(rows, today: date) -> tuple[date, str] | None:
    """The first open deadline due today or later (its day in its own zone), of deadline
    rows (stored, or loaded as the applicant's records); None without rows."""
    if rows is None:
        return None
    due = []
    for row in rows:
        if row.done_at is None:
            on = row.due_at.astimezone(zone_of(row.zone)).date()
            if on >= today:
                due.append((on, row.title))
    return min(due, default=None)


_FILED = {"submitted", "accepted", "rejected"}


def flag_facts(applicant, match: MatchEvaluation, certificate_applies: bool,
               exam_facts: tuple | None = None) -> risk.FlagFacts:
    """What the risk flags read, from the loaded records and the Match evaluation
    (`exam_facts`: the attempts as the certificate's facts have them, if already built)."""
    records, dates = applicant.records, match.season.dates
    eligibility, registration = match.eligibility, match.registration
    out_of_reach = ""
    if eligibility.status is Verdict.NOT_ELIGIBLE:
        out_of_reach = f"Not eligible for the {match.season.year} Match: " + "; ".join(
            p["title"] for p in match_problems(eligibility) if p["status"] == "not_met")
    elif eligibility.practical:
        out_of_reach = eligibility.practical
    return risk.FlagFacts(
        exams=exam_facts if exam_facts is not None
        else tuple(ExamAttempt.as_facts(a) for a in records.exams),
        documents=tuple(risk.DocumentFacts(d.title or CredentialDocument.Type(d.type).label,
                                           d.state, d.state_changed_on, d.rejection_reason)
                        for d in records.documents),
        certificate_applies=certificate_applies,
        clinical_skills_met=eligibility.check("N2-CS").status is CheckStatus.MET,
        pathway_filed=any(p.status in _FILED or p.submitted_on for p in records.pathways),
        nrmp_registered=bool(registration and registration.nrmp_registered_on),
        season=match.season.year,
        pathways_deadline=dates.pathways_deadline.on if dates.pathways_deadline else None,
        registration_deadline=dates.standard_registration_deadline.on,
        late_registration_deadline=dates.late_registration_deadline.on,
        rank_deadline=dates.rol_deadline.on,
        season_out_of_reach=out_of_reach[:300],
        school_not_listed=applicant.school_not_listed,
        profile_since=applicant.created_at.date() if applicant.created_at else None,
        stalled_days=settings.STALLED_VERIFICATION_DAYS,
        resubmit_days=settings.DOCUMENT_RESUBMIT_DAYS,
        window_days=settings.ADVISOR_FLAG_WINDOW_DAYS,
    )


def canada_bar(evaluation: Evaluation | None) -> Bar | None:
    """The Canadian route's figure and word: blocked or at risk by its own lines; with
    nothing blocked, a line not started yet makes it At risk (nothing planned is not "On
    track"), and results awaited with nothing else open are On track."""
    if evaluation is None:
        return None
    counted = evaluation.counted
    bad = [o.title for o in counted if tone(o.status) is Tone.BAD]
    warn = [o.title for o in counted if tone(o.status) is Tone.WARN]
    todo = [o.title for o in counted if o.status is Status.NOT_STARTED]
    waiting = [o.title for o in counted if o.status is Status.IN_PROGRESS]
    if bad:
        word, note = RoadWord.BLOCKED, f"Blocked: {'; '.join(bad)}."
    elif warn:
        word, note = RoadWord.AT_RISK, f"At risk: {'; '.join(warn)}."
    elif todo:
        word, note = RoadWord.AT_RISK, f"Not started: {'; '.join(todo)}."
    elif waiting:
        word, note = RoadWord.ON_TRACK, f"Results awaited: {'; '.join(waiting)}."
    else:
        word, note = RoadWord.ON_TRACK, "Every check is met."
    return Bar(CANADA, evaluation.met_count, evaluation.total, word, note)


def certificate_bar(evaluation: Evaluation | None, match: MatchEvaluation) -> Bar | None:
    """The certificate's figure and word. Beyond its own lines (blocked, at risk) the word
    answers "in time?": with nothing blocked, a certificate not expected before training
    starts in the target season (the Match's N3 check) reads At risk, so a new applicant
    with nothing planned is not told "On track"."""
    if evaluation is None:
        return None
    # a line that counts for nothing (not checked, check with ECFMG) never changes the word
    counted = [o for o in evaluation.outcomes if o.status.counts]
    bad = [o.title for o in counted if tone(o.status) is Tone.BAD]
    warn = [o.title for o in counted if tone(o.status) is Tone.WARN]
    timing = match.eligibility.check("N3")
    if bad:
        word, note = RoadWord.BLOCKED, f"Blocked: {'; '.join(bad)}."
    elif warn:
        word, note = RoadWord.AT_RISK, f"At risk: {'; '.join(warn)}."
    elif timing.status in (CheckStatus.MET, CheckStatus.ON_TRACK):
        word, note = RoadWord.ON_TRACK, f"{timing.why}."
    elif evaluation.met_count == evaluation.total:
        word, note = RoadWord.ON_TRACK, ("Every requirement is met: the certificate itself "
                                         "is not on record yet.")
    elif timing.status is CheckStatus.UNKNOWN:
        word, note = RoadWord.AT_RISK, (
            "No expected certificate date yet: not every remaining requirement has a "
            f"planned date, so nothing says it comes before training starts ({timing.due}).")
    else:
        word, note = RoadWord.AT_RISK, f"{timing.why}."
    return Bar(CERTIFICATE, evaluation.met_count, evaluation.total, word, note)


_NOT_DONE = ((CheckStatus.NOT_MET, "Not met"), (CheckStatus.AT_RISK, "At risk"),
             (CheckStatus.UNKNOWN, "Not known yet"), (CheckStatus.NOT_STARTED, "Not started"))


def match_bar(match: MatchEvaluation) -> Bar:
    eligibility = match.eligibility
    checks = eligibility.counted  # checks that do not apply to the applicant are left out
    met = sum(c.status is CheckStatus.MET for c in checks)
    # The Match bar says the season's verdict in the Match page's own word (Eligible, At
    # risk, Not eligible, Unknown): one word for the Match everywhere.
    verdict = eligibility.status
    if verdict is Verdict.ELIGIBLE:
        note = ("Every check is met." if eligibility.confirmed else
                "Every check is on track, as long as what you have booked goes to plan.")
    else:
        parts = []
        for status, heading in _NOT_DONE:
            titles = [c.title for c in checks if c.status is status]
            if titles:
                parts.append(f"{heading}: {'; '.join(titles)}.")
        note = " ".join(parts)
    if eligibility.practical:
        note = f"{note} {eligibility.practical}".strip()
    return Bar(f"Match eligibility, {match.season.year}", met, len(checks), verdict, note)
