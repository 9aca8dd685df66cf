"""English: OET Medicine, all four sub-tests in one sitting (the sub-tests and their
minimums are oet.py's)."""

from __future__ import annotations

from datetime import date

from .. import oet
from ..common import Result, met, progress, todo
from ..engine import Requirement
from ..facts import Facts
from ..params import dated_table, iso_date, nullable, number
from ..registry import RuleKind, register
from ..usmle import first_pass

_SCORE = number(*oet.SCORE_RANGE, whole=True)


def oet_single_sitting(req: Requirement, facts: Facts, today: date) -> Result:
    """All four OET Medicine sub-tests from ONE sitting: scores are never combined."""
    cs = first_pass("STEP2CS", facts.exams)
    if cs:
        return met(f"Step 2 CS passed on {cs.test_date}; OET is only needed on the Pathway route")
    p, sittings = req.params, sorted(facts.oet_sittings, key=lambda s: s.test_date)
    counted = [s for s in sittings if not oet.excluded(s, p)]
    scored = [s for s in counted if oet.has_all_scores(s)]
    passing = [s for s in scored if not oet.shortfalls(s, p)]
    if passing:
        return met(oet.met_text(passing[-1], p))
    waiting = [s for s in counted if not oet.has_all_scores(s)]
    if waiting:
        s = waiting[-1]
        why = (f"OET sitting booked for {s.test_date}" if s.test_date > today
               else f"Results of the {s.test_date} OET sitting pending")
        return progress(why, "Record all four sub-test scores when results are released")
    retake = "Book a new OET Medicine sitting and take all four sub-tests again"
    if scored:
        return todo(oet.shortfalls_text(scored, p), retake)
    if sittings:
        return todo(oet.excluded(sittings[-1], p), retake)
    return todo("No OET Medicine sitting recorded", "Book an OET Medicine sitting")


OET_SINGLE_SITTING = register(RuleKind(
    "oet_single_sitting", label="OET Medicine in one sitting", group="skills",
    fix_page="certification:oet",
    params={
        **dict.fromkeys(oet.MIN_PARAMS, (True, _SCORE)),
        oet.WRITING_MINIMUMS: (True, dated_table(*oet.SCORE_RANGE)),
        "date_floor": (False, nullable(iso_date)),
        "date_ceiling": (False, nullable(iso_date)),
    },
    evaluate=oet_single_sitting, reads=("exams", "oet_sittings"), awaits=lambda params: "OET"))
