"""What the licensure limits page reads: the state table, the applicant's own USMLE attempts
and the states they follow (each through `.visible_to(user)` and their own profile)."""

from datetime import date

from applicants.models import Applicant
from certification.models import ExamAttempt

from ..models import LicensureStateChoice, StateLicensureLimit
from ..rules.licensure import StateStanding, standings


def state_limits() -> list[StateLicensureLimit]:
    return list(StateLicensureLimit.objects.all())


def followed_states(user, applicant: Applicant) -> list[str]:
    return list(LicensureStateChoice.objects.visible_to(user).filter(applicant=applicant)
                .values_list("state", flat=True))


def state_standings(user, applicant: Applicant, limits: list[StateLicensureLimit],
                    today: date) -> list[tuple[StateLicensureLimit, StateStanding]]:
    """Each state's row with where the applicant's own attempts leave them there."""
    attempts = ExamAttempt.objects.visible_to(user).filter(applicant=applicant)
    facts = [a.as_facts() for a in attempts]
    found = standings([row.as_limits() for row in limits], facts, today)
    return list(zip(limits, found, strict=True))
