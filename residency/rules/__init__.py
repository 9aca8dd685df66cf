"""NRMP Match eligibility and per-program fit for IMGs: plain data in, decisions out.

Pure Python: no Django, no clock (`today` is always an argument, the date in US Eastern time).
Facts: shared/domain/RULES.md §3 (N1-N4, visas) and §7 (program requirement archetypes).
`eligibility.py` holds the Match checks and `fit.py` the per-program fit; the season calendar
and the what-if planner live in `residency/calendar.py`. All are re-exported here, so
importers name `residency.rules` only.
"""

from core.status import Verdict
from residency.calendar import (
    DEFAULT_RESULT_DAYS,
    CheckStatus,
    SeasonDate,
    SeasonDates,
    WhatIf,
    derive_season,
    latest_safe_date,
    result_expected_on,
    result_needed_by,
    what_if,
)

from .checks import Check
from .eligibility import (
    RESULT_MARGIN_DAYS,
    CertificationState,
    Eligibility,
    NrmpFacts,
    match_eligibility,
)
from .fit import (
    ApplicantFitFacts,
    CriterionResult,
    Cutoff,
    Fit,
    ProgramFacts,
    program_fit,
    program_fits,
)
from .visa import H1B_PROCLAMATION, J1_NOTES, TRAINING_START_MARGIN_DAYS, VisaFacts, VisaRoute

__all__ = [
    "DEFAULT_RESULT_DAYS", "H1B_PROCLAMATION", "J1_NOTES", "RESULT_MARGIN_DAYS",
    "TRAINING_START_MARGIN_DAYS", "ApplicantFitFacts", "CertificationState", "Check",
    "CheckStatus", "CriterionResult", "Cutoff", "Eligibility", "Fit", "NrmpFacts",
    "ProgramFacts", "SeasonDate", "SeasonDates", "Verdict", "VisaFacts", "VisaRoute", "WhatIf",
    "derive_season", "latest_safe_date", "match_eligibility", "program_fit", "program_fits",
    "result_expected_on", "result_needed_by", "what_if",
]
