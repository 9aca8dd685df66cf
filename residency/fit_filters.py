"""The program directory's hard cut-offs as SQL: the programs an applicant is known to miss
(the same test as residency.rules.fit, for filtering and sorting in the database)."""

from datetime import date

from django.db import models

from .rules import ApplicantFitFacts


def known_hard_misses(facts: ApplicantFitFacts, season_year: int, deadline: date) -> models.Q:
    Q, misses = models.Q, models.Q()
    if facts.graduation_year is not None:
        misses |= Q(yog_is_hard=True,
                    max_years_since_graduation__lt=season_year - facts.graduation_year)
    worst = max((facts.failed_attempts or {}).values(), default=None)
    if worst is not None:  # a Step failed `limit` times or more is over the limit
        misses |= Q(attempts_is_hard=True, max_attempts_per_step__lte=worst)
    if facts.step2ck_score is not None:
        misses |= Q(ck_is_hard=True, min_step2ck_score__gt=facts.step2ck_score)
    if facts.usce_months is not None:
        misses |= Q(usce_is_hard=True, min_usce_months__gt=facts.usce_months)
    if _certificate_late(facts, deadline):
        misses |= Q(certificate_by_rank_deadline=True)
    return misses | _visa_misses(facts.visa_need)


def _certificate_late(facts: ApplicantFitFacts, deadline: date) -> bool:
    issued, expected = facts.certificate_issued_on, facts.certificate_expected_on
    return issued > deadline if issued else bool(expected and expected > deadline)


def _visa_misses(need: str | None) -> models.Q:
    """Sponsorship known to be refused on every route the applicant could use."""
    routes = {"j1": {"sponsors_j1": False}, "h1b": {"sponsors_h1b": False},
              "either": {"sponsors_j1": False, "sponsors_h1b": False}}
    return models.Q(**routes[need.lower()]) if need and need.lower() in routes else models.Q()
