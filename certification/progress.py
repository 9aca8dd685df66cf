"""Load an applicant's records as plain facts and evaluate the certificate.

The applicant comes with every record the engine reads in one query (core.preload: plain
rows, no model instances), so the checklist, the dashboard and every write that refreshes
the road stay cheap. The stored summary is written by the road refresh (road.refresh).
"""

from copy import copy
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db.models import Prefetch

from applicants.models import Applicant
from core import clock, reference_cache
from core.preload import Related
from directory.models import MedicalSchool

from . import record_checks, rules
from .models import (
    CredentialDocument,
    EcfmgRecord,
    ExamAttempt,
    MccAttempt,
    OetSitting,
    PathwayApplication,
    Requirement,
    RequirementSet,
)
from .schools import school_facts

SCHOOL = ("id", "name", "country", "sponsor_note", "note_from_year", "note_to_year")
# The records the engine reads, as plain rows (core.preload); the model methods that turn a
# record into the engine's facts (as_facts) read these attributes, so they serve rows too.
RECORDS = {
    "school": Related(MedicalSchool, "pk", SCHOOL, many=False, owner_key="school_id"),
    "ecfmg": Related(EcfmgRecord, "applicant", (
        "id", "ecfmg_id", "account_status", "account_verified_on", "application_status",
        "application_submitted_on", "application_decided_on", "certificate_issued_on",
        "certificate_number"), many=False),
    "documents": Related(CredentialDocument, "applicant", (
        "id", "type", "title", "state", "state_changed_on", "ecfmg_answered_on", "rejection_reason",
        "credit_years",
        "granting_school_id", "transferred", "advisor_request"), nested={
        "granting_school": Related(MedicalSchool, "pk", SCHOOL, many=False,
                                   owner_key="granting_school_id")}),
    "exams": Related(ExamAttempt, "applicant", (
        "id", "exam", "eligibility_start", "eligibility_end", "scheduled_date", "test_date",
        "result_date", "outcome", "score", "outcome_derived")),
    "oet_sittings": Related(OetSitting, "applicant", (
        "id", "test_date", "result_date", "listening", "reading", "writing", "speaking")),
    "pathways": Related(PathwayApplication, "applicant", (
        "id", "pathway", "season", "status", "submitted_on", "decided_on", "valid_through",
        "decision_reason")),
    # The Canadian route (read only for applicants who track it; cheap for the rest).
    "mcc_attempts": Related(MccAttempt, "applicant", (
        "id", "exam", "test_date", "outcome", "result_date")),
}
CERTIFICATE, CANADA = RequirementSet.Kind.CERTIFICATE, RequirementSet.Kind.CANADA


def load_facts(applicant: Applicant) -> rules.Facts:
    """Plain facts from an applicant loaded with RECORDS (core.preload; no query)."""
    records = applicant.records
    ecfmg = records.ecfmg
    return rules.Facts(
        graduation_date=applicant.graduation_date,
        school=_school(applicant, records.school),
        account_status=ecfmg.account_status if ecfmg else None,
        application_status=ecfmg.application_status if ecfmg else None,
        application_date=(ecfmg.application_decided_on or ecfmg.application_submitted_on)
        if ecfmg else None,
        documents=tuple(_document(d) for d in records.documents),
        credits=tuple(_credit(d, applicant, records.school) for d in records.documents
                      if d.credit_years is not None),
        exams=tuple(ExamAttempt.as_facts(e) for e in records.exams),
        oet_sittings=tuple(OetSitting.as_facts(s) for s in records.oet_sittings),
        pathways=tuple(PathwayApplication.as_facts(p) for p in records.pathways),
        target_season=applicant.target_match_year,
        certificate_issued_on=ecfmg.certificate_issued_on if ecfmg else None,
        mcc_attempts=tuple(MccAttempt.as_facts(a) for a in records.mcc_attempts),
        canadian_citizen_or_pr=applicant.canadian_citizen_or_pr,
        canadian_prior_training=applicant.canadian_prior_training,
        carms_year=applicant.carms_match_year,
    )


def _school(applicant: Applicant, school) -> rules.SchoolFacts | None:
    if school is not None:
        return school_facts(school)
    if applicant.school_name:
        return rules.SchoolFacts(name=applicant.school_name, wdoms_listed=True,
                                 in_directory=False)
    return None


def _document(doc) -> rules.DocumentFacts:
    answered = doc.state in ("verified", "rejected") and doc.ecfmg_answered_on
    return rules.DocumentFacts(type=doc.type, state=doc.state,
                               state_date=answered or doc.state_changed_on,
                               reason=doc.rejection_reason, advisor_request=doc.advisor_request)


def _credit(doc, applicant: Applicant, own_school) -> rules.CreditFacts:
    school = doc.granting_school or own_school
    return rules.CreditFacts(
        school=school.name if school else applicant.school_name,
        credit_years=float(doc.credit_years),
        sponsor_note=bool(school and school.sponsor_note),
        wdoms_listed=school is not None,
        us_canada=bool(school and school.country in {"US", "CA"}),
        transferred=doc.transferred,
    )


def published_sets() -> list[RequirementSet]:
    """Every published set of either kind (the certificate, the Canadian route), without
    requirements (1 query, or none while the reference cache holds them)."""
    return reference_cache.cached("published_sets",
                                  lambda: list(RequirementSet.objects.published()))


def rule_sets() -> list[rules.RuleSet]:
    """Every published set with its requirements, for callers that need them all."""
    sets = RequirementSet.objects.published().filter(kind=CERTIFICATE).prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("order", "pk"))
    )
    return [s.as_rule_set() for s in sets]


def applicable_set(sets: list[RequirementSet], applicant: Applicant, today: date, *,
                   kind: str = CERTIFICATE, loaded: dict | None = None) -> RequirementSet | None:
    """The stored set of `kind` whose rules govern the applicant's season (the target Match
    season; for the Canadian route the CaRMS match year), with its requirements loaded (1
    query, or none when `loaded` has them); sets are chosen by their dates alone. For a
    later season with no set of its own: a copy of the latest set with `derived_for` that
    season."""
    stored, chosen = _chosen(sets, applicant, today, kind)
    if stored is not None and chosen.derived_for:
        stored = copy(stored)  # the cached list's instance stays as it is
        stored.derived_for = chosen.derived_for
    if stored is not None and loaded is not None and stored.pk in loaded:
        stored.loaded_requirements = loaded[stored.pk]
    elif stored is not None:
        stored.loaded_requirements = reference_cache.cached(
            f"requirements:{stored.pk}", lambda: _requirements_of(stored))
    return stored


def seasons_without_a_set() -> list[tuple[int, str]]:
    """(season, code of the set standing in) for every season applicants aim at that has no
    published set of its own and is judged by a derived copy: what an admin must publish
    (2 queries)."""
    shells = [s.as_rule_set(requirements=())
              for s in RequirementSet.objects.published().filter(kind=CERTIFICATE)]
    years = Applicant.objects.order_by().values_list("target_match_year", flat=True).distinct()
    found = []
    for year in sorted(set(years)):
        chosen = rules.select_rule_set(shells, year, clock.today())
        if chosen is not None and chosen.derived_for:
            found.append((year, chosen.code))
    return found


def _requirements_of(stored: RequirementSet) -> list[Requirement]:
    return _requirements_of_sets([stored])[stored.pk]


def _requirements_of_sets(sets: list[RequirementSet]) -> dict[int, list[Requirement]]:
    """The requirements of several sets, by set pk, in one query."""
    # Sorted here: for a dozen rows cheaper than Django compiling ORDER BY order, pk.
    by_pk = {s.pk: s for s in sets}
    found: dict[int, list[Requirement]] = {pk: [] for pk in by_pk}
    requirements = Requirement.objects.filter(rule_set_id__in=list(by_pk)).order_by()
    for requirement in sorted(requirements, key=lambda r: (r.order, r.pk)):
        Requirement.rule_set.field.set_cached_value(requirement, by_pk[requirement.rule_set_id])
        found[requirement.rule_set_id].append(requirement)
    return found


def evaluate_applicant(applicant: Applicant, today: date | None = None, sets=None,
                       facts: rules.Facts | None = None):
    """(RequirementSet, Evaluation) for an applicant loaded with RECORDS. `facts`: their
    load_facts, when the caller has them already."""
    today = today or clock.today()
    stored = applicable_set(published_sets() if sets is None else sets, applicant, today)
    return stored, _evaluate(stored, applicant, today, facts)


def evaluate_both(applicant: Applicant, today: date | None = None,
                  facts: rules.Facts | None = None):
    """((set, Evaluation) of the certificate, (set, Evaluation) of the Canadian route or
    (None, None) for an applicant who does not track it), for an applicant loaded with
    RECORDS. The two sets' requirements come in one query, so tracking the Canadian route
    costs the dashboard no query of its own."""
    today = today or clock.today()
    sets = published_sets()
    if not applicant.track_canada:
        return evaluate_applicant(applicant, today, sets, facts), (None, None)
    facts = facts or load_facts(applicant)
    chosen = [_chosen(sets, applicant, today, kind)[0] for kind in (CERTIFICATE, CANADA)]
    present = [s for s in chosen if s is not None]
    loaded = reference_cache.cached(
        "requirements:" + ",".join(str(s.pk) for s in present),
        lambda: _requirements_of_sets(present)) if present else {}
    certificate = applicable_set(sets, applicant, today, loaded=loaded)
    canada = applicable_set(sets, applicant, today, kind=CANADA, loaded=loaded)
    return ((certificate, _evaluate(certificate, applicant, today, facts)),
            (canada, _evaluate(canada, applicant, today, facts)))


def season_for(applicant: Applicant, kind: str) -> int | None:
    """The season whose set of `kind` judges the applicant: the target Match season; for the
    Canadian route the CaRMS match year."""
    if kind == CANADA:
        return applicant.carms_match_year or applicant.target_match_year
    return applicant.target_match_year


def _chosen(sets, applicant, today, kind):
    """(the stored set of `kind` chosen for the applicant, the engine's choice): the set
    without its requirements; (None, None) when no set covers the season."""
    sets = [s for s in sets if s.kind == kind]
    season = season_for(applicant, kind)
    found = rules.select_rule_set([s.as_rule_set(requirements=()) for s in sets], season, today)
    stored = next((s for s in sets if found and s.code == found.code), None)
    return stored, found


def _evaluate(stored: RequirementSet | None, applicant: Applicant, today: date,
              facts: rules.Facts | None = None):
    if stored is None:
        return None
    return rules.evaluate(stored.as_rule_set(stored.loaded_requirements),
                          facts or load_facts(applicant), today)


def follow_pass_marks(applicant: Applicant, today: date) -> None:
    """Outcomes the applicant left to the pass mark follow the marks as they stand now: an
    admin who corrects a mark re-evaluates everyone, and a derived pass or fail moves.

    The marks are read from the database, not the per-process reference cache: a stored
    outcome must not come from a copy another process has already replaced (2 queries, only
    for an applicant with a worked-out outcome). Call inside the writing transaction."""
    if not any(a.outcome_derived for a in applicant.records.exams):
        return
    rule_set = rules.select_rule_set(rule_sets(), applicant.target_match_year, today)
    for attempt, outcome in derived_outcomes(applicant, rule_set):
        if outcome != attempt.outcome:
            attempt.outcome = outcome
            ExamAttempt.objects.filter(pk=attempt.id).update(outcome=outcome)


def derived_outcomes(applicant: Applicant, rule_set: rules.RuleSet | None):
    """(attempt row, outcome) for each attempt whose outcome follows the pass marks of
    `rule_set` (no query)."""
    derived = [a for a in applicant.records.exams if a.outcome_derived]
    if not derived:
        return []
    tables = record_checks.mark_tables(rule_set, settings.USMLE_STEP3_PASS_MARKS)
    return [(a, record_checks.derived_outcome(replace(ExamAttempt.as_facts(a), outcome=None),
                                              tables)) for a in derived]


def facts_under(applicant: Applicant, rule_set: rules.RuleSet | None) -> rules.Facts:
    """The applicant's facts as `rule_set` would see them: outcomes left to the pass mark
    follow its marks, as follow_pass_marks makes them once it is published (no query)."""
    facts = load_facts(applicant)
    outcomes = {a.id: outcome for a, outcome in derived_outcomes(applicant, rule_set)}
    if not outcomes:
        return facts
    exams = tuple(replace(ExamAttempt.as_facts(a), outcome=outcomes[a.id] or None)
                  if a.id in outcomes else ExamAttempt.as_facts(a)
                  for a in applicant.records.exams)
    return replace(facts, exams=exams)


def nac_sessions() -> tuple[date, ...]:
    """The NAC sessions the published Canadian sets know of (their nac_passed params), for
    the "no two consecutive sessions" check (1 query)."""
    params = Requirement.objects.filter(
        rule_set__status=RequirementSet.Status.PUBLISHED, rule_set__kind=CANADA,
        kind="nac_passed").values_list("params", flat=True)
    days = {day for p in params for day in (p or {}).get("sessions") or ()}
    return tuple(date.fromisoformat(d) for d in sorted(days))
