"""Risk flags: each kind is a pure rule over plain facts and the day (road.flags)."""

from datetime import date
from datetime import date as d

import pytest

from certification.rules import ExamAttemptFacts
from road import flags
from road.flags import DocumentFacts, FlagFacts
from road.flags.registry import kinds

E, D = ExamAttemptFacts, DocumentFacts

TODAY = date(2026, 12, 1)


def fail(exam, on):
    return ExamAttemptFacts(exam=exam, test_date=on, outcome="fail")


SEASON = dict(season=2027, pathways_deadline=date(2026, 12, 31),
              registration_deadline=date(2027, 1, 31), late_registration_deadline=date(2027, 3, 3),
              rank_deadline=date(2027, 3, 3))


@pytest.mark.parametrize(("facts", "codes", "reason"), [
    pytest.param(FlagFacts(), [], "", id="nothing"),
    pytest.param(FlagFacts(exams=(fail("STEP1", d(2025, 1, 1)), fail("STEP1", d(2025, 4, 1)),
                                  fail("STEP1", d(2025, 8, 1)))),
                 ["attempt_limit"], "Step 1: 3 attempts without a pass", id="three-fails"),
    pytest.param(FlagFacts(exams=(fail("STEP1", d(2025, 1, 1)), fail("STEP1", d(2025, 4, 1)))),
                 [], "", id="two-fails"),
    pytest.param(FlagFacts(exams=(fail("STEP1", d(2025, 1, 1)), fail("STEP1", d(2025, 4, 1)),
                                  E(exam="STEP1", test_date=d(2025, 8, 1),
                                                   outcome="pass"))),
                 [], "", id="passed-at-third"),
    pytest.param(FlagFacts(exams=(E(exam="STEP2CK", eligibility_start=d(2026, 9, 1),
                                                   eligibility_end=d(2026, 12, 20)),)),
                 ["eligibility_ending"], "ends in 19 days and no test day is booked",
                 id="eligibility-ending"),
    pytest.param(FlagFacts(exams=(E(exam="STEP2CK", eligibility_end=d(2026, 12, 20),
                                                   scheduled_date=d(2026, 12, 15)),)),
                 [], "", id="eligibility-booked"),
    pytest.param(FlagFacts(exams=(E(exam="STEP2CK", eligibility_end=d(2027, 3, 20)),)),
                 [], "", id="eligibility-far"),
    pytest.param(FlagFacts(documents=(D("Final transcript", "rejected", d(2026, 11, 1),
                                                    "Seal missing"),)),
                 ["document_rejected"], "Final transcript was rejected: Seal missing",
                 id="rejected"),
    pytest.param(FlagFacts(documents=(D("Final diploma", "sent", d(2026, 9, 1)),)),
                 ["document_stalled"], "sent for verification 91 days ago", id="stalled"),
    pytest.param(FlagFacts(documents=(D("Final diploma", "sent", d(2026, 11, 1)),)),
                 [], "", id="sent-recently"),
    pytest.param(FlagFacts(**SEASON), ["pathway_not_filed"], "Pathways deadline is in 30 days",
                 id="pathway-not-filed"),
    pytest.param(FlagFacts(**SEASON, pathway_filed=True), [], "", id="pathway-filed"),
    pytest.param(FlagFacts(**SEASON, clinical_skills_met=True), [], "", id="cs-met"),
    pytest.param(FlagFacts(**{**SEASON, "pathways_deadline": d(2027, 2, 1)}), [], "",
                 id="pathway-deadline-far"),
    pytest.param(FlagFacts(**{**SEASON, "registration_deadline": d(2026, 12, 20)},
                           pathway_filed=True),
                 ["nrmp_not_registered"], "registration closes in 19 days", id="nrmp"),
    pytest.param(FlagFacts(**{**SEASON, "registration_deadline": d(2026, 12, 20)},
                           pathway_filed=True, nrmp_registered=True), [], "", id="nrmp-done"),
    pytest.param(FlagFacts(season_out_of_reach="Not eligible for the 2027 Match: Step 1",
                           rank_deadline=d(2027, 3, 3)),
                 ["season_unreachable"], "Not eligible for the 2027 Match", id="out-of-reach"),
    pytest.param(FlagFacts(school_not_listed=True, profile_since=d(2026, 1, 5)),
                 ["school_not_listed"], "not in the directory", id="school"),
    pytest.param(FlagFacts(school_not_listed=True, certificate_applies=False), [], "",
                 id="school-of-a-us-graduate"),
    pytest.param(FlagFacts(**SEASON, school_not_listed=True, profile_since=d(2026, 1, 5),
                           documents=(D("Final diploma", "sent", d(2026, 9, 1)),)),
                 ["pathway_not_filed", "document_stalled", "school_not_listed"],
                 "Pathways deadline", id="triage-order"),
])
def test_flag_kinds(facts, codes, reason):
    raised = flags.raised(facts, TODAY)
    assert [r.code for r in raised] == codes
    if codes:
        assert reason in raised[0].reason
        assert isinstance(raised[0].on, date)


def test_triage_key_is_the_most_blocking_flag():
    facts = FlagFacts(**SEASON, documents=(D("Final diploma", "sent", d(2026, 9, 1)),))
    raised = flags.raised(facts, TODAY)
    assert flags.triage(raised) == (3, d(2026, 12, 31))  # Pathway (rank 3) before stalled
    assert flags.triage(()) == (flags.NO_FLAG_RANK, None)


def test_registry_is_complete():
    codes = [k.code for k in kinds()]
    assert len(codes) == len(set(codes)) == 8
    assert len({k.rank for k in kinds()}) == len(codes)  # one place in the triage each
    for kind in kinds():
        assert kind.label and "|" not in kind.code
        assert kind.applies(FlagFacts(), TODAY) is None  # nothing on record: no flag
