"""Standard ECFMG Certificate: which requirements apply, and where an applicant stands.

Pure Python (no Django, no clock). The package, by module:
  facts.py     the frozen snapshots of an applicant's records the kinds read
  engine.py    RuleSet, Requirement, Outcome, Evaluation, evaluate, select_rule_set
  params.py    the checks a kind's params spec is built from; validate_params
  registry.py  RuleKind and the registry every kind table is derived from
  kinds/       one module per kind (or small group), each registering its RuleKind
  usmle.py     USMLE: labels, pass marks and verdicts, attempt policy, Step 2 CS's end
  mcc.py       the Canadian route: MCCQE Part I and NAC attempt policy, CaRMS eligibility
  oet.py       OET Medicine: the sub-tests and their minimums
  seeds.py     the seed rule sets, read from the JSON the data migration loads
  common.py    Result (status meanings) and the helpers the kinds share
Importing the package registers every kind; the names below are what the rest of the
project imports from it.
"""

from core.status import Status

from . import kinds  # noqa: F401  (registers every kind)
from .common import Result
from .engine import (
    PROVENANCES,
    Evaluation,
    InvalidRule,
    Outcome,
    Requirement,
    RuleSet,
    check_rule_set,
    check_track,
    evaluate,
    season_of,
    season_reference_date,
    select_rule_set,
)
from .facts import (
    CreditFacts,
    DocumentFacts,
    ExamAttemptFacts,
    Facts,
    MccAttemptFacts,
    OetSittingFacts,
    PathwayFacts,
    SchoolFacts,
)
from .params import validate_params
from .registry import PARAM_SPECS, RULE_KINDS, RuleKind, register
from .usmle import attempt_limit, check_new_attempt, earliest_allowed_date

__all__ = [
    "PARAM_SPECS", "PROVENANCES", "RULE_KINDS", "CreditFacts", "DocumentFacts", "Evaluation",
    "ExamAttemptFacts", "Facts", "InvalidRule", "MccAttemptFacts", "OetSittingFacts",
    "Outcome", "PathwayFacts", "Requirement", "Result", "RuleKind", "RuleSet", "SchoolFacts",
    "Status", "attempt_limit", "check_new_attempt", "check_rule_set", "check_track",
    "earliest_allowed_date", "evaluate", "register", "season_of", "season_reference_date",
    "select_rule_set", "validate_params",
]
