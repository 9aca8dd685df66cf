"""State licensure limits against the applicant's own USMLE attempts, as tables (RULES.md
§5 U8: years to pass every Step from the first pass or the first attempt, attempt caps per
Step and for Step 3). Plain data in, decision out: no Django, no database."""

from datetime import date

import pytest

from certification.rules import ExamAttemptFacts
from core.status import CheckStatus
from residency.rules.licensure import (
    FIRST_ATTEMPT,
    FIRST_PASS,
    StateLimits,
    clock_start,
    state_standing,
)

D = date.fromisoformat
TODAY = D("2026-11-15")
MET, ON, OUT, UNKNOWN = (CheckStatus.MET, CheckStatus.ON_TRACK, CheckStatus.NOT_MET,
                         CheckStatus.UNKNOWN)
SEVEN_PASS = StateLimits("AA", "Seven from pass", years=7, clock=FIRST_PASS,
                         attempts_per_step=3, step3_attempts=3)
SEVEN_ATTEMPT = StateLimits("BB", "Seven from attempt", years=7, clock=FIRST_ATTEMPT,
                            attempts_per_step=3)
TEN_NO_CAP = StateLimits("CC", "Ten, no cap", years=10)
STEP3_TWO = StateLimits("DD", "Step 3 twice", step3_attempts=2)
CAPS_ONLY = StateLimits("EE", "Caps only", attempts_per_step=2)
NOTHING = StateLimits("FF", "Nothing on record")


def sat(exam, day, outcome="fail"):
    return ExamAttemptFacts(exam, D(day), outcome)


FAILED_S1_THEN_PASS = (sat("STEP1", "2019-03-01"), sat("STEP1", "2020-03-01", "pass"),
                       sat("STEP2CK", "2021-03-01", "pass"))
ALL_PASSED = (sat("STEP1", "2020-03-01", "pass"), sat("STEP2CK", "2021-03-01", "pass"),
              sat("STEP3", "2024-03-01", "pass"))


@pytest.mark.parametrize(("limits", "attempts", "status", "step3_by", "why"), [
    pytest.param(SEVEN_PASS, FAILED_S1_THEN_PASS, ON, "2027-03-01", "every Step by 2027-03-01",
                 id="clock-from-first-pass"),
    pytest.param(SEVEN_ATTEMPT, FAILED_S1_THEN_PASS, OUT, "2026-03-01",
                 "7 years from the first Step attempted (2019-03-01) ended on 2026-03-01",
                 id="same-record-out-when-the-clock-starts-at-the-first-attempt"),
    pytest.param(SEVEN_ATTEMPT, FAILED_S1_THEN_PASS + (sat("STEP3", "2025-06-01", "pass"),),
                 MET, None, "Every Step passed", id="all-passed-within-first-attempt-clock"),
    pytest.param(SEVEN_ATTEMPT, FAILED_S1_THEN_PASS + (sat("STEP3", "2026-06-01", "pass"),),
                 OUT, None, "after the 7-year limit ended on 2026-03-01",
                 id="step3-passed-too-late-from-first-attempt"),
    pytest.param(SEVEN_PASS, FAILED_S1_THEN_PASS + (sat("STEP3", "2026-06-01", "pass"),),
                 MET, None, "", id="same-record-in-time-from-first-pass"),
    pytest.param(SEVEN_ATTEMPT, (sat("STEP1", "2018-03-01", "pass"),
                                 sat("STEP2CK", "2019-03-01", "pass")), OUT, "2025-03-01",
                 "ended on 2025-03-01", id="years-ran-out-step3-missing"),
    pytest.param(SEVEN_PASS, (), ON, None, "not started yet", id="clock-not-started"),
    pytest.param(SEVEN_PASS, (sat("STEP1", "2025-03-01"),), ON, None, "1 of 3 attempts used",
                 id="a-fail-does-not-start-a-pass-clock"),
    pytest.param(SEVEN_ATTEMPT, (sat("STEP1", "2025-03-01"),), ON, "2032-03-01", "",
                 id="a-fail-starts-an-attempt-clock"),
    pytest.param(SEVEN_PASS, (sat("STEP1", "2021-03-01"), sat("STEP1", "2021-07-01"),
                              sat("STEP1", "2021-11-01"), sat("STEP1", "2022-11-01", "pass")),
                 OUT, "2029-11-01", "Step 1 passed at attempt 4; the limit is 3",
                 id="step-passed-beyond-the-cap"),
    pytest.param(SEVEN_PASS, ALL_PASSED[:2] + (sat("STEP3", "2023-01-01"),
                                               sat("STEP3", "2023-06-01"),
                                               sat("STEP3", "2024-01-01")),
                 OUT, "2027-03-01", "Step 3: 3 attempts without a pass; the limit is 3",
                 id="step3-cap-used-up"),
    pytest.param(STEP3_TWO, ALL_PASSED[:2] + (sat("STEP3", "2023-01-01"),), ON, None,
                 "Step 3: 1 of 2 attempts used", id="step3-cap-one-left"),
    pytest.param(STEP3_TWO, ALL_PASSED[:2] + (sat("STEP3", "2023-01-01"),
                                              sat("STEP3", "2023-09-01", "pass")), MET, None,
                 "", id="step3-passed-at-the-cap"),
    pytest.param(STEP3_TWO, ALL_PASSED[:2] + (sat("STEP3", "2023-01-01"),
                                              sat("STEP3", "2023-09-01"),
                                              sat("STEP3", "2024-05-01", "pass")), OUT, None,
                 "Step 3 passed at attempt 3; the limit is 2", id="step3-passed-past-its-cap"),
    pytest.param(STEP3_TWO, (sat("STEP1", "2020-01-01"), sat("STEP1", "2020-06-01"),
                             sat("STEP1", "2020-12-01"), sat("STEP1", "2021-09-01", "pass")),
                 ON, None, "", id="step3-cap-alone-ignores-step1-attempts"),
    pytest.param(CAPS_ONLY, (sat("STEP2CK", "2024-01-01"), sat("STEP2CK", "2024-06-01")), OUT,
                 None, "Step 2 CK: 2 attempts without a pass", id="per-step-cap-applies-to-ck"),
    pytest.param(CAPS_ONLY, ALL_PASSED, MET, None, "", id="caps-only-all-passed"),
    pytest.param(TEN_NO_CAP, FAILED_S1_THEN_PASS, ON, "2030-03-01", "", id="ten-years"),
    pytest.param(NOTHING, ALL_PASSED, UNKNOWN, None, "No limits on record", id="no-data"),
    pytest.param(SEVEN_PASS, (sat("STEP1", "2027-01-10", "pending"),), ON, None, "",
                 id="a-booked-future-attempt-is-not-an-attempt-yet"),
])
def test_state_standing(limits, attempts, status, step3_by, why):
    found = state_standing(limits, attempts, TODAY)
    assert found.status is status, found
    assert found.step3_by == (D(step3_by) if step3_by else None)
    assert why in found.why, found.why


def test_the_clock_starts_at_the_earliest_step_not_step1_only():
    attempts = (sat("STEP2CK", "2019-01-01", "pass"), sat("STEP1", "2020-01-01", "pass"))
    assert clock_start(SEVEN_PASS, attempts, TODAY) == D("2019-01-01")
