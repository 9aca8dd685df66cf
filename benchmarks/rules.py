"""Pure-Python throughput of the IMG classification rule."""

import time
from datetime import date

from applicants.rules import classify

# One input per branch of classify, cycled through.
CASES = [
    dict(school_country="NG", accreditation="", graduation_date=date(2022, 7, 15),
         citizenships=frozenset({"NG"}), us_permanent_resident=False),
    dict(school_country="IN", accreditation="", graduation_date=date(2020, 5, 1),
         citizenships=frozenset({"IN"}), us_permanent_resident=True),
    dict(school_country="GD", accreditation="", graduation_date=date(2023, 5, 1),
         citizenships=frozenset({"US"}), us_permanent_resident=False),
    dict(school_country="US", accreditation="LCME", graduation_date=date(2024, 5, 1),
         citizenships=frozenset({"US"}), us_permanent_resident=False),
    dict(school_country="US", accreditation="", graduation_date=date(2024, 5, 1),
         citizenships=frozenset({"US"}), us_permanent_resident=False),
    dict(school_country="CA", accreditation="CACMS", graduation_date=date(2024, 5, 1),
         citizenships=frozenset({"CA"}), us_permanent_resident=False),
    dict(school_country="CA", accreditation="CACMS", graduation_date=date(2026, 5, 1),
         citizenships=frozenset({"CA"}), us_permanent_resident=False),
]
BATCH = CASES * 200


def classify_per_second(rounds: int = 5, seconds: float = 0.4) -> float:
    """The best of a few short rounds, as timeit does: other load only ever slows a round."""
    best = 0.0
    for _ in range(rounds):
        calls, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            for case in BATCH:
                classify(**case)
            calls += len(BATCH)
        best = max(best, calls / elapsed)
    return best
