"""What an applicant may see of their ECFMG file, exams, OET sittings and pathways.

Every record is fetched through `.visible_to(user)` AND the signed-in applicant's own
profile: a pk from the URL that is not theirs is a 404, staff included (staff use the admin).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.shortcuts import get_object_or_404

from applicants.models import Applicant

from .. import progress, record_checks, rules
from ..models import EcfmgRecord, ExamAttempt, MccAttempt, OetSitting, PathwayApplication
from ..rules import mcc, usmle


def _own(model, user, applicant: Applicant):
    return model.objects.visible_to(user).filter(applicant=applicant)


def access_exam(user, applicant: Applicant, pk: int) -> ExamAttempt:
    return get_object_or_404(_own(ExamAttempt, user, applicant), pk=pk)


def access_oet_sitting(user, applicant: Applicant, pk: int) -> OetSitting:
    return get_object_or_404(_own(OetSitting, user, applicant), pk=pk)


def access_pathway(user, applicant: Applicant, pk: int) -> PathwayApplication:
    return get_object_or_404(_own(PathwayApplication, user, applicant), pk=pk)


def ecfmg_record(user, applicant: Applicant) -> EcfmgRecord:
    """The applicant's ECFMG file; an unsaved blank one until they first save it."""
    found = _own(EcfmgRecord, user, applicant).first()
    return found or EcfmgRecord(applicant=applicant)


def own_exams(user, applicant: Applicant) -> list[ExamAttempt]:
    return list(_own(ExamAttempt, user, applicant))


def own_oet_sittings(user, applicant: Applicant) -> list[OetSitting]:
    return list(_own(OetSitting, user, applicant))


def own_pathways(user, applicant: Applicant) -> list[PathwayApplication]:
    return list(_own(PathwayApplication, user, applicant))


def applicable_rule_set(applicant: Applicant, today: date) -> rules.RuleSet | None:
    """The certificate rule set for the applicant's Match season, chosen as the checklist
    chooses it (progress.applicable_set: no query while the reference cache holds it)."""
    stored = progress.applicable_set(progress.published_sets(), applicant, today)
    return stored.as_rule_set(stored.loaded_requirements) if stored else None


def mark_tables(applicant: Applicant, today: date) -> dict[str, record_checks.MarkTable]:
    return record_checks.mark_tables(applicable_rule_set(applicant, today),
                                     settings.USMLE_STEP3_PASS_MARKS)


@dataclass(frozen=True)
class ExamRow:
    attempt: ExamAttempt
    mark_note: str  # "218 needed on 2025-08-01", or ""


@dataclass(frozen=True)
class StepSummary:
    label: str
    attempts: int
    passed_on: date | None
    earliest: date | None  # earliest allowed date of the next attempt, when spacing applies


def exam_rows(attempts: list[ExamAttempt], tables: dict) -> list[ExamRow]:
    return [ExamRow(a, record_checks.mark_note(a.as_facts(), tables)) for a in attempts]


def step_summaries(attempts: list[ExamAttempt]) -> list[StepSummary]:
    """Per Step on record: attempts sat, the pass, and the next allowed test date."""
    facts = [a.as_facts() for a in attempts]
    summaries = []
    for exam, label in ExamAttempt.Exam.choices:
        sat = [f for f in facts if f.exam == exam and f.test_date]
        if not sat:
            continue
        passed = [f.test_date for f in sat if f.outcome == "pass"]
        earliest = None if passed else usmle.earliest_allowed_date(exam, facts)
        summaries.append(StepSummary(label, len(sat), min(passed, default=None), earliest))
    return summaries


def step2cs_failed_on(user, applicant: Applicant) -> date | None:
    attempts = _own(ExamAttempt, user, applicant).filter(exam=ExamAttempt.Exam.STEP2CS)
    return usmle.first_cs_fail(tuple(a.as_facts() for a in attempts))


def cs_failer_pathway(applicant: Applicant, today: date) -> str | None:
    return record_checks.cs_failer_pathway(applicable_rule_set(applicant, today))


def access_mcc_attempt(user, applicant: Applicant, pk: int) -> MccAttempt:
    return get_object_or_404(_own(MccAttempt, user, applicant), pk=pk)


def own_mcc_attempts(user, applicant: Applicant) -> list[MccAttempt]:
    return list(_own(MccAttempt, user, applicant))


def mcc_standings(attempts: list[MccAttempt]) -> list[mcc.ExamStanding]:
    """Where the applicant stands on each MCC exam: attempts used, passed, the next wait."""
    facts = [a.as_facts() for a in attempts]
    sessions = progress.nac_sessions()
    return [mcc.standing(exam, facts, sessions) for exam in mcc.EXAM_LABELS]
