"""The only writers of an applicant's ECFMG file, exam attempts, OET sittings and pathways.

Each write locks the applicant's row (so two tabs can't both slip a 5th attempt past the
limit), checks the record (record_checks: ValidationError with every message at its field),
saves it and refreshes the applicant's progress, all in one transaction.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from applicants.models import Applicant
from core import clock, road

from .. import record_checks, rules
from ..models import (
    EcfmgRecord,
    ExamAttempt,
    MccAttempt,
    OetSitting,
    PathwayApplication,
    normalise_ecfmg_id,
)
from ..progress import nac_sessions, rule_sets
from ..rules import oet, usmle


def _lock(applicant: Applicant) -> Applicant:
    return Applicant.objects.select_for_update().get(pk=applicant.pk)


def _assign(record, data: dict) -> None:
    for field, value in data.items():
        setattr(record, field, value)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _rule_set(applicant: Applicant, today: date) -> rules.RuleSet | None:
    return rules.select_rule_set(rule_sets(), applicant.target_match_year, today)


def _save(record) -> None:
    record.full_clean()
    record.save()
    road.refresh(record.applicant_id)


@transaction.atomic
def delete_record(*, record: ExamAttempt | OetSitting | PathwayApplication | MccAttempt
                  ) -> None:
    """Delete one of the applicant's records; their progress follows."""
    _lock(record.applicant)
    record.delete()
    road.refresh(record.applicant_id)


@transaction.atomic
def save_ecfmg_record(*, applicant: Applicant, data: dict,
                      today: date | None = None) -> EcfmgRecord:
    """Create the applicant's ECFMG file on first save, update it afterwards."""
    _lock(applicant)
    record = EcfmgRecord.objects.filter(applicant=applicant).first()
    record = record or EcfmgRecord(applicant=applicant)
    _assign(record, data)
    record.ecfmg_id = normalise_ecfmg_id(record.ecfmg_id)
    _raise(record_checks.check_ecfmg_file(record_checks.EcfmgFile(
        account_status=record.account_status, account_verified_on=record.account_verified_on,
        application_status=record.application_status,
        submitted_on=record.application_submitted_on, decided_on=record.application_decided_on,
        certificate_issued_on=record.certificate_issued_on,
        certificate_number=record.certificate_number,
    ), today=today or clock.recorded_today()))
    _save(record)
    return record


@transaction.atomic
def save_exam_attempt(*, applicant: Applicant, data: dict, attempt: ExamAttempt | None = None,
                      today: date | None = None) -> ExamAttempt:
    """Record an attempt (or registration). An empty outcome with a score is worked out
    from the pass mark the rule set gives for the test date."""
    today = today or clock.recorded_today()
    _lock(applicant)
    attempt = attempt or ExamAttempt(applicant=applicant)
    _assign(attempt, data)
    context = _attempt_context(applicant, attempt, today)
    facts = attempt.as_facts()
    _raise(record_checks.check_exam_attempt(facts, result_date=attempt.result_date,
                                            context=context))
    attempt.outcome_derived = not attempt.outcome  # left to the pass mark, now and later
    attempt.outcome = record_checks.derived_outcome(facts, context.tables)
    _save(attempt)
    return attempt


def _attempt_context(applicant: Applicant, attempt: ExamAttempt,
                     today: date) -> record_checks.AttemptContext:
    others = ExamAttempt.objects.filter(applicant=applicant).exclude(pk=attempt.pk)
    return record_checks.AttemptContext(
        others=tuple(a.as_facts() for a in others),
        tables=record_checks.mark_tables(_rule_set(applicant, today),
                                         settings.USMLE_STEP3_PASS_MARKS),
        today=today,
    )


@transaction.atomic
def save_oet_sitting(*, applicant: Applicant, data: dict, sitting: OetSitting | None = None,
                     today: date | None = None) -> OetSitting:
    """One sitting, its four sub-test scores together."""
    _lock(applicant)
    sitting = sitting or OetSitting(applicant=applicant)
    _assign(sitting, data)
    scores = {part: getattr(sitting, part) for part in oet.SUBTESTS}
    _raise(record_checks.check_oet_sitting(
        test_date=sitting.test_date, result_date=sitting.result_date, scores=scores,
        today=today or clock.recorded_today()))
    _save(sitting)
    return sitting


@transaction.atomic
def save_pathway(*, applicant: Applicant, data: dict,
                 pathway: PathwayApplication | None = None,
                 today: date | None = None) -> PathwayApplication:
    """A Pathway application; anyone who failed Step 2 CS is held to the one pathway the
    rule set names for them (Pathway 6)."""
    today = today or clock.recorded_today()
    _lock(applicant)
    pathway = pathway or PathwayApplication(applicant=applicant)
    _assign(pathway, data)
    exams = tuple(a.as_facts() for a in ExamAttempt.objects.filter(applicant=applicant))
    _raise(record_checks.check_pathway(
        record_checks.PathwayEntry(pathway.pathway, pathway.status, pathway.submitted_on,
                                   pathway.decided_on, pathway.valid_through),
        cs_failed_on=usmle.first_cs_fail(exams),
        only_pathway=record_checks.cs_failer_pathway(_rule_set(applicant, today)),
        accepted_seasons=frozenset(
            PathwayApplication.objects.filter(applicant=applicant, status="accepted")
            .exclude(pk=pathway.pk).values_list("season", flat=True)),
        season=pathway.season,
    ))
    _save(pathway)
    return pathway


@transaction.atomic
def save_mcc_attempt(*, applicant: Applicant, data: dict, attempt: MccAttempt | None = None,
                     today: date | None = None) -> MccAttempt:
    """One sitting of an MCC exam, checked against MCC's attempt rules (mcc.py)."""
    today = today or clock.recorded_today()
    _lock(applicant)
    attempt = attempt or MccAttempt(applicant=applicant)
    _assign(attempt, data)
    others = [a.as_facts() for a in
              MccAttempt.objects.filter(applicant=applicant).exclude(pk=attempt.pk)]
    _raise(record_checks.check_mcc_attempt(attempt.as_facts(), others, today=today,
                                           sessions=nac_sessions()))
    _save(attempt)
    return attempt
