"""OET Medicine, in one place: the four sub-tests, the minimums a rule set gives them, and
what one sitting shows. Pure Python. Facts: shared/domain/RULES.md §1-2.

All four sub-tests must be met in ONE sitting: scores are never combined across sittings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .common import and_list, in_force
from .facts import OetSittingFacts

# (label, OetSittingFacts field, the rule set's minimum param; Writing's is a dated table)
OET_PARTS = (("Listening", "listening", "min_listening"), ("Reading", "reading", "min_reading"),
             ("Writing", "writing", None), ("Speaking", "speaking", "min_speaking"))
SUBTESTS = tuple(attr for _, attr, _ in OET_PARTS)  # the score fields of a sitting
MIN_PARAMS = tuple(key for _, _, key in OET_PARTS if key)
WRITING_MINIMUMS = "writing_minimums"
SCORE_RANGE = (0, 500)  # the OET sub-test scale

Params = Mapping[str, Any]


def scores(sitting: OetSittingFacts) -> tuple[int | None, ...]:
    return tuple(getattr(sitting, attr) for attr in SUBTESTS)


def has_all_scores(sitting: OetSittingFacts) -> bool:
    return None not in scores(sitting)


def minimums(sitting: OetSittingFacts, params: Params) -> tuple[int | None, ...]:
    writing = in_force(params[WRITING_MINIMUMS], sitting.test_date)  # by TEST date
    return tuple(params[key] if key else writing for _, _, key in OET_PARTS)


def excluded(sitting: OetSittingFacts, params: Params) -> str:
    """Why a sitting can't count for this rule set at all; empty when it can."""
    floor, ceiling = params.get("date_floor"), params.get("date_ceiling")
    day = sitting.test_date
    if floor and day < date.fromisoformat(floor):
        return f"The {day} OET sitting is before the {floor} date floor, so it does not count"
    if ceiling and day > date.fromisoformat(ceiling):
        return f"The {day} OET sitting is after the {ceiling} cut-off, so it does not count"
    if in_force(params[WRITING_MINIMUMS], day) is None:
        return f"No OET Writing minimum on file for the {day} sitting"
    return ""


def shortfalls(sitting: OetSittingFacts, params: Params) -> list[tuple[str, int, int]]:
    parts = zip(OET_PARTS, scores(sitting), minimums(sitting, params), strict=True)
    return [(name, got, need) for (name, _, _), got, need in parts if got < need]


def shortfall_text(sitting: OetSittingFacts, params: Params) -> str:
    misses = shortfalls(sitting, params)
    got = and_list([f"{name} {score}" for name, score, _ in misses])
    needs = and_list([str(need) for _, _, need in misses])
    return f"{got} in the {sitting.test_date} sitting; {needs} needed"


def shortfalls_text(sittings: list[OetSittingFacts], params: Params) -> str:
    """Why no sitting counts: with one, its shortfall; with several, that scores are never
    combined across sittings, and what fell short in each (oldest first)."""
    if len(sittings) == 1:
        return shortfall_text(sittings[0], params)
    each = "; ".join(shortfall_text(s, params) for s in sittings)
    return (f"No single sitting meets all four minimums (scores from different sittings are "
            f"never combined): {each}")


def met_text(sitting: OetSittingFacts, params: Params) -> str:
    parts = ", ".join(f"{name} {got}" for (name, _, _), got in zip(
        OET_PARTS, scores(sitting), strict=True))
    writing = minimums(sitting, params)[2]
    return f"{parts} in the {sitting.test_date} sitting (Writing minimum {writing} on that date)"
