"""The Canadian route: MCCQE Part I and NAC attempt rules and CaRMS first-iteration
eligibility, as tables (mcc.ca and carms.ca, read 2026-12-01; RULES.md §6 and §10).

Plain data in, decision out: no Django, no database.
"""

from datetime import date

import pytest

from certification.rules import (
    Facts,
    MccAttemptFacts,
    Requirement,
    RuleSet,
    SchoolFacts,
    Status,
    check_rule_set,
    evaluate,
    mcc,
)

D = date.fromisoformat
TODAY = D("2026-11-15")
MET, PROG, TODO, BLOCK = Status.MET, Status.IN_PROGRESS, Status.NOT_STARTED, Status.BLOCKED
M1, NAC = mcc.MCCQE1, mcc.NAC
SESSIONS = [D("2024-05-01"), D("2024-09-01"), D("2025-05-01"), D("2025-09-01"),
            D("2026-05-01"), D("2026-09-01")]


def a(exam, day, outcome="fail", result=None):
    return MccAttemptFacts(exam, D(day), outcome, D(result) if result else None)


# Planning a new attempt: mcc.check_new_attempt -----------------------------------------------

@pytest.mark.parametrize(("exam", "existing", "planned", "kinds", "text"), [
    pytest.param(M1, (), "2026-04-20", [], "", id="mccqe1-first-attempt"),
    pytest.param(M1, (a(M1, "2025-04-20"), a(M1, "2025-08-20")), "2026-04-20", [], "",
                 id="mccqe1-third-attempt"),
    pytest.param(M1, (a(M1, "2024-04-20"), a(M1, "2024-08-20"),
                      a(M1, "2025-04-20", result="2025-06-10")), "2026-04-20", ["too_soon"],
                 "the earliest is 2026-06-10", id="mccqe1-fourth-waits-a-year-from-result"),
    pytest.param(M1, (a(M1, "2024-04-20"), a(M1, "2024-08-20"),
                      a(M1, "2025-04-20", result="2025-06-10")), "2026-06-15", [], "",
                 id="mccqe1-fourth-after-the-wait"),
    pytest.param(M1, (a(M1, "2024-04-20"), a(M1, "2024-08-20"), a(M1, "2025-04-20")),
                 "2026-04-01", ["too_soon"], "at the earliest",
                 id="mccqe1-fourth-wait-from-test-date-when-result-date-unknown"),
    pytest.param(M1, (a(M1, "2023-04-20"), a(M1, "2023-08-20"), a(M1, "2024-04-20"),
                      a(M1, "2025-08-20")), "2026-08-20", ["limit"], "limit is 4",
                 id="mccqe1-four-attempts-used"),
    pytest.param(M1, (a(M1, "2016-04-20"), a(M1, "2016-09-20"), a(M1, "2017-04-20"),
                      a(M1, "2019-04-20")), "2020-04-20", [], "",
                 id="mccqe1-attempts-before-2018-do-not-count"),
    pytest.param(M1, (a(M1, "2024-04-20", "no_standing"), a(M1, "2024-08-20"),
                      a(M1, "2025-01-20"), a(M1, "2025-04-20", result="2025-06-01")),
                 "2026-06-15", [], "", id="mccqe1-no-standing-is-not-an-attempt"),
    pytest.param(M1, (a(M1, "2024-04-20", "denied_standing"), a(M1, "2024-08-20"),
                      a(M1, "2025-04-20", result="2025-06-10")), "2025-08-20", ["too_soon"],
                 "", id="mccqe1-denied-standing-counts"),
    pytest.param(M1, (a(M1, "2025-04-20", "pass"),), "2026-04-20", ["passed"],
                 "can't be taken again after a pass", id="mccqe1-no-retake-after-pass"),
    pytest.param(NAC, (), "2026-09-01", [], "", id="nac-first"),
    pytest.param(NAC, (a(NAC, "2025-09-05"),), "2026-05-02", ["too_soon"],
                 "two consecutive sessions", id="nac-next-session-refused"),
    pytest.param(NAC, (a(NAC, "2025-09-05"),), "2026-09-02", [], "",
                 id="nac-skipping-one-session-allowed"),
    pytest.param(NAC, (a(NAC, "2024-05-05"), a(NAC, "2025-05-05")), "2026-05-02", [], "",
                 id="nac-third-attempt"),
    pytest.param(NAC, (a(NAC, "2023-09-05"), a(NAC, "2024-09-05"), a(NAC, "2025-09-05")),
                 "2026-09-02", ["limit"], "whatever their results", id="nac-three-used"),
    pytest.param(NAC, (a(NAC, "2024-05-05", "pass"),), "2025-05-02", ["passed"], "",
                 id="nac-passed-no-retake"),
])
def test_new_attempt(exam, existing, planned, kinds, text):
    problems = mcc.check_new_attempt(exam, existing, D(planned), SESSIONS)
    assert [p.kind for p in problems] == kinds
    assert text in " ".join(p.message for p in problems)


@pytest.mark.parametrize(("previous", "new", "sessions", "consecutive"), [
    ("2025-09-05", "2026-05-02", SESSIONS, True),
    ("2025-09-05", "2026-09-02", SESSIONS, False),
    ("2020-09-05", "2021-03-10", (), True),   # MCC's example: September 2020 -> 2021 at best
    ("2020-09-05", "2021-09-05", (), False),
    ("2020-09-19", "2021-09-04", (), False),  # a year later by session month, days aside
    ("2020-09-05", "2021-08-30", (), True),
])
def test_nac_consecutive_sessions(previous, new, sessions, consecutive):
    assert mcc.nac_consecutive(D(previous), D(new), sessions) is consecutive


def test_nac_earliest_is_the_session_after_next():
    assert mcc.nac_earliest(D("2025-09-05"), SESSIONS) == D("2026-09-01")
    assert mcc.nac_earliest(D("2026-09-05"), SESSIONS) == D("2027-09-01")  # past the calendar


# The rule kinds through the engine ----------------------------------------------------------

CANADA = RuleSet("CA", "Canadian route", D("2025-06-01"), None, (
    Requirement("CA-MCCQE1", "MCCQE Part I passed", "mccqe1_passed", {}),
    Requirement("CA-NAC", "NAC Examination passed", "nac_passed",
                {"sessions": [s.isoformat() for s in SESSIONS]}),
    Requirement("CA-CARMS", "CaRMS first iteration", "carms_first_iteration",
                {"nac_required": True}),
), kind="canada")
LISTED = SchoolFacts("Listed school", wdoms_listed=True)
READY = dict(canadian_citizen_or_pr=True, school=LISTED, graduation_date=D("2026-05-30"),
             carms_year=2027)


def outcomes(attempts=(), **facts):
    found = evaluate(CANADA, Facts(mcc_attempts=tuple(attempts), **{**READY, **facts}), TODAY)
    return {o.code: o for o in found.outcomes}


@pytest.mark.parametrize(("attempts", "status", "why", "action"), [
    ((), TODO, "No MCCQE Part I attempt", "Apply for the MCCQE Part I"),
    ((a(M1, "2026-10-20", "pending"),), PROG, "result pending", "Record"),
    ((a(M1, "2026-04-20", "pass"),), MET, "passed on 2026-04-20", ""),
    ((a(M1, "2024-04-20"), a(M1, "2024-08-20"), a(M1, "2025-04-20", result="2025-06-10")),
     TODO, "3 of 4 attempts used", "earliest allowed is 2026-06-10"),
    ((a(M1, "2023-04-20"), a(M1, "2023-08-20"), a(M1, "2024-04-20"), a(M1, "2025-08-20")),
     BLOCK, "4 of 4 MCCQE Part I attempts used", "Contact the Medical Council"),
    ((a(M1, "2015-04-20", "pass"),), MET, "passed on 2015-04-20", ""),
])
def test_mccqe1_passed(attempts, status, why, action):
    found = outcomes(attempts)["CA-MCCQE1"]
    assert (found.status, why in found.why, action in found.next_action) == (status, True, True)


@pytest.mark.parametrize(("attempts", "status", "why"), [
    ((), TODO, "No NAC Examination attempt"),
    ((a(NAC, "2025-09-05", "pass"),), MET, "passed on 2025-09-05"),
    ((a(NAC, "2024-09-05"), a(NAC, "2025-09-05"), a(NAC, "2026-09-05", "pass")), MET, "passed"),
    ((a(NAC, "2023-09-05"), a(NAC, "2024-09-05"), a(NAC, "2025-09-05")), BLOCK,
     "whatever their results"),
])
def test_nac_passed(attempts, status, why):
    found = outcomes(attempts)["CA-NAC"]
    assert (found.status, why in found.why) == (status, True)


PASSED_BOTH = (a(M1, "2026-04-20", "pass"), a(NAC, "2026-05-05", "pass"))


@pytest.mark.parametrize(("attempts", "facts", "status", "why"), [
    pytest.param(PASSED_BOTH, {}, MET, "Every first-iteration check", id="eligible"),
    pytest.param(PASSED_BOTH, {"canadian_citizen_or_pr": False}, BLOCK,
                 "Only Canadian citizens and permanent residents", id="no-citizenship"),
    pytest.param(PASSED_BOTH, {"graduation_date": D("2027-07-02")}, BLOCK,
                 "after 2027-07-01", id="degree-after-1-july"),
    pytest.param(PASSED_BOTH, {"graduation_date": D("2027-07-01")}, MET, "",
                 id="degree-on-1-july"),
    pytest.param(PASSED_BOTH, {"canadian_prior_training": True}, BLOCK,
                 "postgraduate training in Canada or the US", id="prior-training"),
    pytest.param(PASSED_BOTH, {"school": SchoolFacts("Gone", wdoms_listed=False)}, BLOCK,
                 "not listed", id="school-not-listed"),
    pytest.param(PASSED_BOTH, {"school": SchoolFacts("Typed", in_directory=False)}, TODO,
                 "Medical school in the World Directory", id="school-not-matched"),
    pytest.param((a(NAC, "2026-05-05", "pass"),), {}, TODO, "MCCQE Part I passed",
                 id="mccqe1-missing"),
    pytest.param((a(M1, "2026-04-20", "pass"),), {}, TODO, "NAC Examination passed",
                 id="nac-missing"),
    pytest.param((a(M1, "2026-10-20", "pending"), a(NAC, "2026-09-05", "pending")), {}, PROG,
                 "still open", id="results-awaited"),
    pytest.param(PASSED_BOTH, {"carms_year": None}, TODO, "degree by 1 July",
                 id="no-match-year"),
])
def test_carms_first_iteration(attempts, facts, status, why):
    found = outcomes(attempts, **facts)["CA-CARMS"]
    assert found.status is status, found
    assert why in found.why, found.why


def test_carms_without_nac_when_the_set_does_not_require_it():
    rule = Requirement("C", "CaRMS", "carms_first_iteration", {"nac_required": False})
    rule_set = RuleSet("Q", "no NAC", D("2025-06-01"), None, (rule,), kind="canada")
    facts = Facts(mcc_attempts=(a(M1, "2026-04-20", "pass"),), **READY)
    assert evaluate(rule_set, facts, TODAY).outcomes[0].status is MET


def test_a_canadian_kind_does_not_belong_in_a_certificate_set():
    wrong = RuleSet("US", "certificate", D("2025-06-01"), None, CANADA.requirements[:1])
    assert any("belongs in a canada set" in e for e in check_rule_set(wrong))
    assert check_rule_set(CANADA) == []
