"""Load an applicant's records as plain facts, evaluate them, store the summary.

The facts come from a constant number of queries whatever the number of records, so the
checklist and every write that refreshes progress stay cheap.
"""

from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from applicants.models import Applicant
from applicants.signals import progress_refreshed
from core import preload, reference_cache

from . import record_checks, rules
from .models import CredentialDocument, EcfmgRecord, Requirement, RequirementSet
from .schools import school_facts

# The records the engine reads: core.preload fetches them in one query on PostgreSQL.
RECORDS = {"school": {}, "ecfmg": {}, "documents": {"granting_school": {}}, "exams": {},
           "oet_sittings": {}, "pathways": {}}


def applicant_for_facts(applicant_id: int) -> Applicant:
    """The applicant with every record the engine reads (1 query on PostgreSQL)."""
    found = preload.load(Applicant.objects.filter(pk=applicant_id), RECORDS)
    if not found:
        raise Applicant.DoesNotExist(f"No applicant {applicant_id}.")
    return found[0]


def load_facts(applicant: Applicant) -> rules.Facts:
    """Plain facts from an applicant loaded by applicant_for_facts (no further queries)."""
    ecfmg = _ecfmg(applicant)
    documents = list(applicant.documents.all())
    return rules.Facts(
        graduation_date=applicant.graduation_date,
        school=_school(applicant),
        account_status=ecfmg.account_status if ecfmg else None,
        application_status=ecfmg.application_status if ecfmg else None,
        application_date=(ecfmg.application_decided_on or ecfmg.application_submitted_on)
        if ecfmg else None,
        documents=tuple(_document(d) for d in documents),
        credits=tuple(_credit(d, applicant) for d in documents if d.credit_years is not None),
        exams=tuple(e.as_facts() for e in applicant.exams.all()),
        oet_sittings=tuple(s.as_facts() for s in applicant.oet_sittings.all()),
        pathways=tuple(p.as_facts() for p in applicant.pathways.all()),
        target_season=applicant.target_match_year,
    )


def _ecfmg(applicant: Applicant) -> EcfmgRecord | None:
    try:
        return applicant.ecfmg
    except EcfmgRecord.DoesNotExist:
        return None


def _school(applicant: Applicant) -> rules.SchoolFacts | None:
    if applicant.school is not None:
        return school_facts(applicant.school)
    if applicant.school_name:
        return rules.SchoolFacts(name=applicant.school_name, wdoms_listed=True,
                                 in_directory=False)
    return None


def _document(doc: CredentialDocument) -> rules.DocumentFacts:
    return rules.DocumentFacts(type=doc.type, state=doc.state,
                               state_date=doc.state_changed_on, reason=doc.rejection_reason)


def _credit(doc: CredentialDocument, applicant: Applicant) -> rules.CreditFacts:
    school = doc.granting_school or applicant.school
    return rules.CreditFacts(
        school=school.name if school else applicant.school_name,
        credit_years=float(doc.credit_years),
        sponsor_note=bool(school and school.sponsor_note),
        wdoms_listed=school is not None,
        us_canada=bool(school and school.country.code in {"US", "CA"}),
        transferred=doc.transferred,
    )


def published_sets() -> list[RequirementSet]:
    """Every published certificate set, without requirements (1 query, or none while the
    reference cache holds them)."""
    return reference_cache.cached("published_sets",
                                  lambda: list(RequirementSet.objects.published()))


def rule_sets() -> list[rules.RuleSet]:
    """Every published set with its requirements, for callers that need them all."""
    sets = RequirementSet.objects.published().prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("order", "pk"))
    )
    return [s.as_rule_set() for s in sets]


def applicable_set(sets: list[RequirementSet], applicant: Applicant,
                   today: date) -> RequirementSet | None:
    """The stored set whose rules govern the applicant's target season, with its
    requirements loaded (1 query); sets are chosen by their dates alone."""
    shells = [s.as_rule_set(requirements=()) for s in sets]
    chosen = rules.select_rule_set(shells, applicant.target_match_year, today)
    stored = next((s for s in sets if chosen and s.code == chosen.code), None)
    if stored is not None:
        stored.loaded_requirements = reference_cache.cached(
            f"requirements:{stored.pk}", lambda: _requirements_of(stored))
    return stored


def _requirements_of(stored: RequirementSet) -> list[Requirement]:
    # Sorted here: for a dozen rows cheaper than Django compiling ORDER BY order, pk.
    requirements = Requirement.objects.filter(rule_set_id=stored.pk).order_by()
    loaded = sorted(requirements, key=lambda r: (r.order, r.pk))
    for requirement in loaded:
        Requirement.rule_set.field.set_cached_value(requirement, stored)
    return loaded


def evaluate_applicant(applicant: Applicant, today: date | None = None, sets=None):
    """(RequirementSet, Evaluation) for an applicant loaded by applicant_for_facts."""
    today = today or timezone.localdate()
    stored = applicable_set(published_sets() if sets is None else sets, applicant, today)
    return stored, _evaluate(stored, applicant, today)


def _evaluate(stored: RequirementSet | None, applicant: Applicant, today: date):
    if stored is None:
        return None
    return rules.evaluate(stored.as_rule_set(stored.loaded_requirements), load_facts(applicant),
                          today)


def refresh_progress(applicant_id: int, today: date | None = None) -> Applicant:
    """Re-evaluate and store the progress summary; call inside the writing transaction."""
    day = today or timezone.localdate()
    applicant = applicant_for_facts(applicant_id)
    _follow_pass_marks(applicant, day)
    stored = applicable_set(published_sets(), applicant, day)
    evaluation = _evaluate(stored, applicant, day)
    summary = {
        "cert_percent": evaluation.percent_met if evaluation else 0,
        "cert_met": evaluation.met_count if evaluation else 0,
        "cert_total": evaluation.total if evaluation else 0,
        "cert_status": evaluation.certificate_status if evaluation else "no_rule_set",
        "cert_blocking": [o.title for o in evaluation.blocking] if evaluation else [],
        "progress_updated_at": timezone.now(),
    }
    Applicant.objects.filter(pk=applicant_id).update(**summary)
    for field, value in summary.items():
        setattr(applicant, field, value)
    progress_refreshed.send(sender=Applicant, applicant=applicant, evaluation=evaluation,
                            today=today)
    return applicant


def _follow_pass_marks(applicant: Applicant, today: date) -> None:
    """Outcomes the applicant left to the pass mark follow the marks as they stand now: an
    admin who corrects a mark re-evaluates everyone, and a derived pass or fail moves.

    The marks are read from the database, not the per-process reference cache: a stored
    outcome must not come from a copy another process has already replaced (2 queries, only
    for an applicant with a worked-out outcome)."""
    derived = [a for a in applicant.exams.all() if a.outcome_derived]
    if not derived:
        return
    rule_set = rules.select_rule_set(rule_sets(), applicant.target_match_year, today)
    tables = record_checks.mark_tables(rule_set, settings.USMLE_STEP3_PASS_MARKS)
    for attempt in derived:
        outcome = record_checks.derived_outcome(replace(attempt.as_facts(), outcome=None),
                                                tables)
        if outcome != attempt.outcome:
            attempt.outcome = outcome
            attempt.save(update_fields=["outcome"])
