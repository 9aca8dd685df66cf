"""Match eligibility, program fit, season calendar and what-if: table tests from RULES §3, §7.

Plain data in, decision out: no Django, no database. Run standalone with
`python3 -m pytest tests/residency/test_rules.py -p no:django --noconftest -q`.
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from certification.rules import Evaluation, Outcome, Status
from residency.rules import (
    DEFAULT_RESULT_DAYS,
    ApplicantFitFacts,
    CertificationState,
    CheckStatus,
    Cutoff,
    NrmpFacts,
    ProgramFacts,
    Verdict,
    VisaFacts,
    derive_season,
    latest_safe_date,
    match_eligibility,
    program_fit,
    result_expected_on,
    what_if,
)

D = date.fromisoformat
MET, ON_TRACK, AT_RISK, NOT_MET, UNKNOWN, NOT_STARTED, NOT_APPLICABLE = CheckStatus
ELIGIBLE, RISK, NOT_ELIGIBLE, UNSURE = (Verdict.ELIGIBLE, Verdict.AT_RISK, Verdict.NOT_ELIGIBLE,
                                        Verdict.UNKNOWN)
S27 = derive_season(2027)
TODAY = D("2026-11-15")
EASTERN = ZoneInfo("America/New_York")

# Everything done well ahead of the 2027 Match: the base every case changes one thing in.
READY = CertificationState(
    step1_passed_on=D("2025-05-01"), step2ck_passed_on=D("2026-06-01"), step2ck_score=240,
    clinical_skills_met_on=D("2026-08-01"), certificate_issued_on=D("2026-10-01"))
REGISTERED = NrmpFacts(D("2026-09-20"))
CITIZEN = VisaFacts("us_citizen")


def eligibility(state=READY, registration=REGISTERED, visa=CITIZEN, today=TODAY, **kw):
    return match_eligibility(state, S27, registration, visa, today, **kw)


def assert_check(check, status, why="", next_action=""):
    assert check.status is status, check
    assert why in check.why, check.why
    assert next_action in check.next_action, check.next_action


# Season calendar -------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "on", "ends_on"), [
    ("programs_register", "2026-05-01", None),
    ("eras_opens", "2026-06-03", None),
    ("eras_applicants_submit", "2026-09-02", None),
    ("nrmp_registration_opens", "2026-09-15", None),
    ("eras_programs_review", "2026-09-23", None),
    ("standard_registration_deadline", "2027-01-31", None),
    ("ranking_opens", "2027-02-01", None),
    ("rol_deadline", "2027-03-03", None),
    ("match_week", "2027-03-15", "2027-03-19"),
    ("soap", "2027-03-15", "2027-03-18"),
    ("match_day", "2027-03-19", None),
    ("eras_ends", "2027-05-31", None),
    ("training_starts", "2027-07-01", None),
])
def test_derived_2027_calendar_matches_the_rules_table(key, on, ends_on):
    event = getattr(S27, key)
    assert (event.on, event.ends_on) == (D(on), ends_on and D(ends_on))
    assert (event.provenance, event.tz) == ("derived", "America/New_York")


@pytest.mark.parametrize(("key", "on"), [
    ("programs_register", "2025-05-01"),
    ("eras_opens", "2025-06-04"),
    ("eras_applicants_submit", "2025-09-03"),
    ("nrmp_registration_opens", "2025-09-15"),
    ("eras_programs_review", "2025-09-24"),
    ("standard_registration_deadline", "2026-01-31"),
    ("ranking_opens", "2026-02-02"),
    ("rol_deadline", "2026-03-04"),
    ("match_week", "2026-03-16"),
    ("match_day", "2026-03-20"),
    ("eras_ends", "2026-05-31"),
    ("training_starts", "2026-07-01"),
])
def test_derived_2026_calendar_matches_the_verified_instances(key, on):
    assert getattr(derive_season(2026), key).on == D(on)


@pytest.mark.parametrize(("year", "match_day", "rol"), [
    (2023, "2023-03-17", "2023-03-01"),
    (2024, "2024-03-15", "2024-02-28"),
    (2025, "2025-03-21", "2025-03-05"),
    (2026, "2026-03-20", "2026-03-04"),
    (2027, "2027-03-19", "2027-03-03"),
    (2028, "2028-03-17", "2028-03-01"),
])
def test_match_day_is_the_third_friday_and_rol_deadline_sixteen_days_before(year, match_day,
                                                                            rol):
    season = derive_season(year)
    assert (season.match_day.on, season.rol_deadline.on) == (D(match_day), D(rol))


@pytest.mark.parametrize(("year", "ranking", "registration"), [
    (2024, "2024-02-01", "2023-09-15"),
    (2025, "2025-02-03", "2024-09-16"),  # Feb 1 a Saturday; Sept 15 a Sunday
    (2026, "2026-02-02", "2025-09-15"),  # Feb 1 a Sunday
])
def test_weekend_dates_move_to_the_next_monday_as_in_the_table(year, ranking, registration):
    season = derive_season(year)
    assert season.ranking_opens.on == D(ranking)
    assert season.nrmp_registration_opens.on == D(registration)


def test_every_derived_season_keeps_the_weekdays_of_the_rule():
    for year in range(2020, 2045):
        season = derive_season(year)
        assert season.match_day.on.weekday() == 4 and 15 <= season.match_day.on.day <= 21
        assert season.rol_deadline.on.weekday() == 2
        assert season.eras_applicants_submit.on.weekday() == 2
        assert season.ranking_opens.on.weekday() < 5


def test_deadlines_carry_their_eastern_time_across_daylight_saving():
    assert S27.rol_deadline.at == datetime(2027, 3, 3, 21, tzinfo=EASTERN)
    assert S27.rol_deadline.at.utcoffset() == timedelta(hours=-5)  # before DST starts
    assert S27.eras_ends.at.utcoffset() == timedelta(hours=-4)
    assert S27.nrmp_registration_opens.time_of_day == time(12)
    assert S27.match_day.at is None  # no time in the sources
    assert str(S27.rol_deadline) == "2027-03-03, 9 pm ET"
    assert str(S27.nrmp_registration_opens) == "2026-09-15, noon ET"
    assert str(S27.match_week) == "2027-03-15 to 2027-03-19"


def test_season_lists_its_events_in_order_and_late_registration_is_the_rol_deadline():
    events = S27.events()
    assert [e.on for e in events] == sorted(e.on for e in events)
    assert events[0].key == "programs_register" and events[-1].key == "training_starts"
    assert S27.late_registration_deadline is S27.rol_deadline


def test_programs_registering_on_1_may_is_new_with_the_2026_season():
    assert derive_season(2025).programs_register is None


# N2: Step 1, Step 2 CK and clinical skills reported by the ROL deadline (2027-03-03) ------

@pytest.mark.parametrize(("change", "today", "status", "why", "next_action"), [
    pytest.param({"step2ck_planned_on": D("2027-01-20")}, TODAY, ON_TRACK,
                 "result expected about 2027-02-17, 14 days before the ROL deadline",
                 "Sit Step 2 CK on 2027-01-20", id="ck-14-days-to-spare"),
    pytest.param({"step2ck_planned_on": D("2027-01-21")}, TODAY, AT_RISK,
                 "only 13 days before the ROL deadline (2027-03-03, 9 pm ET)", "earlier",
                 id="ck-13-days-to-spare"),
    pytest.param({"step2ck_planned_on": D("2027-02-03")}, TODAY, AT_RISK,
                 "result expected about 2027-03-03, only 0 days", "", id="ck-result-on-deadline"),
    pytest.param({"step2ck_planned_on": D("2027-02-04")}, TODAY, NOT_MET,
                 "result expected about 2027-03-04, after the ROL deadline",
                 "Move Step 2 CK to 2027-02-03 or earlier", id="ck-result-day-after-deadline"),
    pytest.param({}, TODAY, NOT_STARTED, "must be taken by 2027-02-03", "Book Step 2 CK",
                 id="ck-not-booked-plenty-of-time"),
    pytest.param({}, D("2026-12-23"), NOT_STARTED, "must be taken by 2027-02-03",
                 "Book Step 2 CK for 2027-02-03 or earlier", id="ck-not-booked-42-days-left"),
    pytest.param({}, D("2026-12-24"), AT_RISK, "only 41 days from now, and booking a test "
                 "date and sitting it usually takes about 42 days", "Book Step 2 CK",
                 id="ck-not-booked-41-days-left"),
    pytest.param({}, D("2027-02-03"), AT_RISK, "only 0 days from now", "Book Step 2 CK",
                 id="ck-not-booked-last-day"),
    pytest.param({}, D("2027-02-04"), NOT_MET, "it had to be taken by 2027-02-03",
                 "Plan for the 2028 Match", id="ck-not-booked-too-late"),
    pytest.param({"step2ck_passed_on": D("2027-03-01")}, D("2027-03-02"), MET,
                 "passed on 2027-03-01", "", id="ck-pass-on-record-before-deadline"),
    pytest.param({"step2ck_passed_on": D("2027-03-01")}, D("2027-03-04"), UNKNOWN,
                 "may have come after it", "Ask ECFMG", id="ck-pass-sat-too-close"),
    pytest.param({"step2ck_passed_on": D("2027-03-04")}, D("2027-04-10"), NOT_MET,
                 "passed on 2027-03-04, after the ROL deadline", "Plan for the 2028 Match",
                 id="ck-pass-after-deadline"),
    pytest.param({"step2ck_planned_on": D("2027-01-10")}, D("2027-03-05"), UNKNOWN,
                 "has passed with no result on record", "Record the Step 2 CK result",
                 id="ck-result-missing-after-deadline"),
])
def test_step2ck_reported_by_the_rol_deadline(change, today, status, why, next_action):
    state = replace(READY, **{"step2ck_passed_on": None, **change})
    assert_check(eligibility(state, today=today).check("N2-STEP2CK"), status, why, next_action)


@pytest.mark.parametrize(("planned", "status"), [
    ("2027-02-10", AT_RISK),  # result about 2027-03-03: the deadline day itself
    ("2027-02-11", NOT_MET),
])
def test_step1_uses_its_own_result_time(planned, status):
    state = replace(READY, step1_passed_on=None, step1_planned_on=D(planned))
    assert eligibility(state).check("N2-STEP1").status is status


@pytest.mark.parametrize(("change", "today", "status", "why"), [
    pytest.param({"clinical_skills_met_on": D("2027-03-03")}, D("2027-03-10"), MET,
                 "met on 2027-03-03", id="pathway-accepted-on-deadline-day"),
    pytest.param({"clinical_skills_met_on": D("2027-03-04")}, D("2027-03-10"), NOT_MET,
                 "after the ROL deadline", id="pathway-accepted-day-after"),
    pytest.param({"clinical_skills_submitted_on": D("2026-11-01")}, TODAY, ON_TRACK,
                 "decision expected about 2026-12-27", id="pathway-submitted-early"),
    pytest.param({"clinical_skills_submitted_on": D("2027-01-06")}, D("2027-01-07"), AT_RISK,
                 "decision expected about 2027-03-03", id="pathway-submitted-last-safe-day"),
    pytest.param({}, D("2027-01-06"), AT_RISK, "must be submitted by 2027-01-06",
                 id="no-pathway-last-safe-day"),
    pytest.param({}, D("2027-01-07"), NOT_MET, "had to be submitted by 2027-01-06",
                 id="no-pathway-too-late"),
])
def test_clinical_skills_requirement_by_the_rol_deadline(change, today, status, why):
    state = replace(READY, **{"clinical_skills_met_on": None, **change})
    assert_check(eligibility(state, today=today).check("N2-CS"), status, why)


def test_ecfmg_pathway_cut_off_binds_when_decisions_are_quick():
    state = replace(READY, clinical_skills_met_on=None)
    check = eligibility(state, result_days={"PATHWAY": 14}).check("N2-CS")
    assert_check(check, NOT_STARTED, "must be submitted by 2027-01-31")
    close = eligibility(state, result_days={"PATHWAY": 14}, today=D("2027-01-01"))
    assert_check(close.check("N2-CS"), AT_RISK, "only 30 days from now, and preparing and "
                 "submitting a Pathway application usually takes about 42 days")


# N1: NRMP registration (standard deadline 2027-01-31; late registration to the ROL deadline)

@pytest.mark.parametrize(("registered", "today", "status", "why"), [
    pytest.param("2027-01-31", "2027-02-10", MET, "by the standard deadline (2027-01-31)",
                 id="on-standard-deadline"),
    pytest.param("2027-02-01", "2027-02-10", MET, "the late fee applies", id="day-after"),
    pytest.param("2027-03-03", "2027-03-10", MET, "the late fee applies", id="on-rol-day"),
    pytest.param("2027-03-04", "2027-03-10", NOT_MET, "after registration closed",
                 id="after-rol-deadline"),
    pytest.param("2025-10-01", "2026-11-15", UNKNOWN, "before registration for the 2027 Match",
                 id="last-seasons-registration"),
    pytest.param(None, "2026-08-01", NOT_STARTED, "registration opens 2026-09-15, noon ET",
                 id="not-yet-open"),
    pytest.param(None, "2026-09-14", NOT_STARTED, "standard deadline 2027-01-31",
                 id="not-yet-open-day-before"),
    pytest.param(None, "2026-09-15", ON_TRACK, "registration is open", id="opening-day"),
    pytest.param(None, "2027-01-31", ON_TRACK, "standard deadline 2027-01-31",
                 id="unregistered-on-standard-deadline"),
    pytest.param(None, "2027-02-01", AT_RISK, "the standard deadline (2027-01-31) has passed",
                 id="unregistered-day-after-standard"),
    pytest.param(None, "2027-03-03", AT_RISK, "registration closes 2027-03-03, 9 pm ET",
                 id="unregistered-on-rol-day"),
    pytest.param(None, "2027-03-04", NOT_MET, "closed with the ROL deadline",
                 id="unregistered-after-rol-deadline"),
])
def test_nrmp_registration(registered, today, status, why):
    registration = NrmpFacts(registered and D(registered))
    assert_check(eligibility(registration=registration, today=D(today)).check("N1"), status,
                 why)


# N3: ECFMG certificate before training starts (2027-07-01) ------------------------------

@pytest.mark.parametrize(("change", "today", "status", "why"), [
    pytest.param({"certificate_issued_on": D("2027-06-30")}, TODAY, MET, "issued on 2027-06-30",
                 id="issued-day-before-start"),
    pytest.param({"certificate_issued_on": D("2027-07-02")}, D("2027-07-05"), NOT_MET,
                 "after training start", id="issued-after-start"),
    pytest.param({"certificate_blockers": ("At least 4 credit years",)}, TODAY, NOT_MET,
                 "blocked: At least 4 credit years", id="blocked"),
    pytest.param({"certificate_expected_on": D("2027-05-02")}, TODAY, ON_TRACK,
                 "60 days before training start", id="expected-60-days-before"),
    pytest.param({"certificate_expected_on": D("2027-05-03")}, TODAY, AT_RISK,
                 "only 59 days before", id="expected-59-days-before"),
    pytest.param({"certificate_expected_on": D("2027-07-10")}, TODAY, AT_RISK,
                 "after training start (2027-07-01)", id="expected-after-start"),
    pytest.param({"certificate_missing": ("Final diploma verified by the school",)}, TODAY,
                 UNKNOWN, "still to do: Final diploma verified", id="no-estimate"),
    pytest.param({}, D("2027-07-02"), NOT_MET, "training started on 2027-07-01",
                 id="training-started-without"),
    pytest.param({}, TODAY, ON_TRACK, "Every requirement is met: ECFMG is expected to issue",
                 id="all-met-not-issued-is-expected-soon"),
])
def test_certificate_before_training_start(change, today, status, why):
    state = replace(READY, **{"certificate_issued_on": None, **change})
    assert_check(eligibility(state, today=today).check("N3"), status, why)


# Visas --------------------------------------------------------------------------------------

NO_CERT = replace(READY, certificate_issued_on=None)


@pytest.mark.parametrize(("state", "visa", "today", "status", "why"), [
    pytest.param(READY, CITIZEN, TODAY, MET, "US citizen: no visa needed", id="us-citizen"),
    pytest.param(READY, VisaFacts("green_card"), TODAY, MET, "registers with NRMP as a non-US",
                 id="green-card"),
    pytest.param(READY, VisaFacts("j1", statement_of_need=True), TODAY, MET,
                 "J-1 through ECFMG needs the ECFMG certificate", id="j1-certificate-issued"),
    pytest.param(replace(NO_CERT, certificate_expected_on=D("2027-06-15")), VisaFacts("j1"),
                 TODAY, AT_RISK, "expected about 2027-06-15", id="j1-certificate-late"),
    pytest.param(replace(NO_CERT, certificate_blockers=("School not eligible",)),
                 VisaFacts("j1"), TODAY, NOT_MET,
                 "certificate (so Step 1 and Step 2 CK): not in hand yet (see 'ECFMG "
                 "certificate before training starts')", id="j1-certificate-blocked"),
    # The latest date leaves the 60 days of room the check asks for: 2027-07-01 - 28 - 60.
    pytest.param(READY, VisaFacts("h1b"), TODAY, NOT_STARTED, "it must be taken by 2027-04-04",
                 id="h1b-without-step3"),
    pytest.param(READY, VisaFacts("h1b"), D("2027-03-01"), AT_RISK,
                 "only 34 days from now, and booking a test date", id="h1b-without-step3-late"),
    pytest.param(replace(READY, step3_passed_on=D("2027-01-10")), VisaFacts("h1b"), TODAY,
                 MET, "Step 3 passed on 2027-01-10", id="h1b-with-step3"),
    pytest.param(replace(READY, step3_planned_on=D("2027-04-01")), VisaFacts("h1b"), TODAY,
                 ON_TRACK, "63 days before training start", id="h1b-step3-booked-early"),
    pytest.param(replace(READY, step3_planned_on=D("2027-05-10")), VisaFacts("h1b"), TODAY,
                 AT_RISK, "only 24 days before training start", id="h1b-step3-booked-late"),
    pytest.param(replace(READY, step3_planned_on=D("2027-06-10")), VisaFacts("h1b"), TODAY,
                 NOT_MET, "after training start", id="h1b-step3-after-start"),
    pytest.param(READY, VisaFacts("h1b"), D("2027-04-05"), NOT_MET,
                 "had to be taken by 2027-04-04", id="h1b-too-late-to-book"),
    pytest.param(READY, VisaFacts(), TODAY, UNKNOWN, "not recorded", id="route-unknown"),
    # A deliberate "no visa needed" from someone who is neither citizen nor green-card holder.
    pytest.param(READY, VisaFacts("not_needed"), TODAY, MET,
                 "You said you need no visa to train", id="no-visa-needed-on-purpose"),
    pytest.param(replace(NO_CERT, certificate_blockers=("School not eligible",)),
                 VisaFacts("not_needed"), TODAY, MET, "may work in the US without one",
                 id="no-visa-needed-does-not-follow-the-certificate"),
    pytest.param(READY, VisaFacts("NOT_NEEDED"), TODAY, MET, "You said you need no visa",
                 id="no-visa-needed-any-case"),
    pytest.param(READY, VisaFacts("j1", statement_of_need=True, from_profile=True), TODAY, MET,
                 "a J-1 is assumed until you choose a route", id="j1-assumed-from-profile"),
    pytest.param(replace(NO_CERT, certificate_expected_on=D("2027-06-15")),
                 VisaFacts("j1", from_profile=True), TODAY, AT_RISK,
                 "you need a visa to train; a J-1 is assumed", id="j1-assumed-certificate-late"),
])
def test_visa_routes(state, visa, today, status, why):
    assert_check(eligibility(state, visa=visa, today=today).check("VISA"), status, why)


def test_j1_check_with_a_certificate_issued_after_training_start_says_it_is_in_hand():
    state = replace(READY, certificate_issued_on=D("2027-08-01"))  # training: 2027-07-01
    visa = eligibility(state, visa=VisaFacts("j1", statement_of_need=True)).check("VISA")
    assert visa.status is NOT_MET  # as the certificate line: too late for this start
    assert "ECFMG certificate issued on 2027-08-01" in visa.why
    assert "not in hand" not in visa.why and "get the ECFMG certificate" not in visa.next_action


def test_j1_check_points_to_the_certificate_line_instead_of_repeating_it():
    state = replace(NO_CERT, certificate_blockers=("School not eligible: no sponsor note",))
    result = eligibility(state, visa=VisaFacts("j1"))
    assert "no sponsor note" in result.check("N3").why
    visa = result.check("VISA")
    assert "no sponsor note" not in visa.why + visa.next_action
    assert visa.next_action == ("Request the Statement of Need from your Ministry of Health; "
                                "get the ECFMG certificate first (see 'ECFMG certificate "
                                "before training starts')")


def test_j1_notes_the_statement_of_need_until_it_is_in_hand():
    without = eligibility(visa=VisaFacts("j1")).check("VISA")
    with_it = eligibility(visa=VisaFacts("j1", statement_of_need=True)).check("VISA")
    assert any("Statement of Need" in n for n in without.notes)
    assert "Statement of Need" in without.next_action
    assert not any("Statement of Need" in n for n in with_it.notes)


@pytest.mark.parametrize(("state", "j1_offered"), [
    pytest.param(READY, True, id="h1b-at-risk-offers-j1"),
    pytest.param(replace(READY, step3_planned_on=D("2027-06-10")), True,
                 id="h1b-not-met-offers-j1"),
    pytest.param(replace(READY, step3_passed_on=D("2027-01-10")), False,
                 id="h1b-met-no-j1-note"),
])
def test_the_h1b_line_says_certificate_before_step3_and_keeps_the_j1(state, j1_offered):
    check = eligibility(state, visa=VisaFacts("h1b")).check("VISA")
    assert "IMGs may take Step 3 only once they hold the ECFMG certificate" in check.why
    assert any("J-1 sponsored by ECFMG" in n for n in check.notes) is j1_offered
    assert any("2026-09-21, a date now past" in n and "check its current status" in n
               for n in check.notes)
    assert not any("unless extended" in n for n in check.notes)


def test_h1b_fee_proclamation_is_informational_only():
    passed = replace(READY, step3_passed_on=D("2027-01-10"))
    outside = eligibility(passed, visa=VisaFacts("h1b")).check("VISA")
    inside = eligibility(passed, visa=VisaFacts("h1b", outside_us=False)).check("VISA")
    assert outside.status is MET and "$100,000" in outside.notes[0]
    assert inside.notes == ()


# Overall verdict and SOAP (N4) ----------------------------------------------------------------

def test_everything_done_is_confirmed_eligible():
    result = eligibility()
    assert (result.status, result.confirmed, result.problems) == (ELIGIBLE, True, ())
    assert result.soap.status is MET


@pytest.mark.parametrize(("state", "registration", "visa", "today", "verdict"), [
    pytest.param(replace(READY, step2ck_passed_on=None, step2ck_planned_on=D("2026-12-01")),
                 REGISTERED, CITIZEN, TODAY, ELIGIBLE, id="booked-early-is-on-track"),
    pytest.param(READY, NrmpFacts(), CITIZEN, D("2027-02-10"), RISK, id="late-registration"),
    # Issue 10: every requirement met and the certificate not issued yet is expected soon.
    pytest.param(replace(READY, certificate_issued_on=None), REGISTERED, CITIZEN, TODAY,
                 ELIGIBLE, id="all-met-certificate-not-issued-is-eligible"),
    pytest.param(replace(READY, certificate_issued_on=None,
                         certificate_missing=("Final diploma verified by the school",)),
                 REGISTERED, CITIZEN, TODAY, UNSURE, id="no-certificate-estimate"),
    pytest.param(READY, NrmpFacts(), CITIZEN, D("2027-03-04"), NOT_ELIGIBLE,
                 id="never-registered"),
    pytest.param(replace(READY, certificate_issued_on=None), NrmpFacts(), CITIZEN,
                 D("2027-03-04"), NOT_ELIGIBLE, id="not-met-outranks-unknown"),
])
def test_overall_verdict_is_the_worst_check(state, registration, visa, today, verdict):
    result = eligibility(state, registration, visa, today)
    assert result.status is verdict
    assert result.confirmed is (verdict is ELIGIBLE and state is READY)


@pytest.mark.parametrize(("state", "registration", "today", "to_rank", "to_train"), [
    pytest.param(READY, REGISTERED, TODAY, ELIGIBLE, MET, id="all-done"),
    pytest.param(replace(READY, certificate_issued_on=None,
                         certificate_expected_on=D("2027-06-20")), REGISTERED, TODAY,
                 ELIGIBLE, AT_RISK, id="eligible-to-rank-certificate-late"),
    pytest.param(replace(READY, certificate_issued_on=None,
                         certificate_blockers=("At least 4 credit years",)), REGISTERED,
                 TODAY, ELIGIBLE, NOT_MET, id="eligible-to-rank-certificate-blocked"),
    pytest.param(replace(READY, clinical_skills_met_on=None), REGISTERED, D("2027-03-04"),
                 NOT_ELIGIBLE, MET, id="no-clinical-skills-cannot-rank"),
    pytest.param(READY, NrmpFacts(), D("2027-02-10"), RISK, MET, id="late-registration-rank"),
])
def test_eligible_to_rank_is_apart_from_the_certificate_by_1_july(state, registration, today,
                                                                   to_rank, to_train):
    result = eligibility(state, registration, CITIZEN, today)
    assert (result.to_rank, result.to_train) == (to_rank, to_train)


BARRED = "4 attempts on Step 1 without a pass: no USMLE Step can be taken any more"


@pytest.mark.parametrize(("state", "code", "status", "why", "next_action"), [
    pytest.param(replace(READY, step1_passed_on=None, exams_barred=BARRED), "N2-STEP1",
                 NOT_MET, BARRED, "Contact FSMB", id="four-step1-fails-no-book-step1"),
    pytest.param(replace(READY, step2ck_passed_on=None, exams_barred=BARRED), "N2-STEP2CK",
                 NOT_MET, BARRED, "Contact FSMB", id="four-step1-fails-closes-ck-too"),
    pytest.param(replace(READY, exams_barred=BARRED), "N2-STEP1", MET, "", "",
                 id="a-pass-on-record-stands"),
])
def test_the_attempt_limit_closes_every_step_on_the_match_side(state, code, status, why,
                                                               next_action):
    check = eligibility(state).check(code)
    assert_check(check, status, why, next_action)
    assert "Book" not in check.next_action


# Not an IMG (a US graduate, a Canadian graduate before the change): what NRMP asks ECFMG to
# confirm does not apply, counts neither for nor against them (issue 10).
NOTHING = CertificationState()


@pytest.mark.parametrize(("state", "registration", "visa", "today", "verdict", "counted"), [
    pytest.param(NOTHING, REGISTERED, CITIZEN, TODAY, ELIGIBLE, 2,
                 id="registered-citizen-nothing-from-ecfmg-is-eligible"),
    pytest.param(NOTHING, NrmpFacts(), CITIZEN, D("2026-09-01"), UNSURE, 2,
                 id="registration-not-open-yet-is-not-started"),
    pytest.param(NOTHING, NrmpFacts(), CITIZEN, D("2027-02-10"), RISK, 2,
                 id="late-registration-still-at-risk"),
    pytest.param(NOTHING, NrmpFacts(), CITIZEN, D("2027-03-04"), NOT_ELIGIBLE, 2,
                 id="never-registered-still-not-eligible"),
    pytest.param(replace(NOTHING, exams_barred=BARRED), REGISTERED, CITIZEN, TODAY, ELIGIBLE,
                 2, id="attempt-limit-is-not-an-ecfmg-report-for-them"),
    pytest.param(replace(NOTHING, certificate_blockers=("School not eligible",)), REGISTERED,
                 CITIZEN, TODAY, ELIGIBLE, 2, id="certificate-blockers-do-not-count"),
    pytest.param(NOTHING, REGISTERED, VisaFacts("green_card"), D("2027-06-30"), ELIGIBLE, 2,
                 id="green-card-the-day-before-training-starts"),
    pytest.param(NOTHING, REGISTERED, VisaFacts("h1b"), TODAY, UNSURE, 2,
                 id="h1b-still-needs-step3"),
])
def test_a_graduate_who_is_not_an_img_has_no_ecfmg_checks(state, registration, visa, today,
                                                          verdict, counted):
    result = eligibility(state, registration, visa, today, ecfmg_applies=False)
    assert result.status is verdict
    for code in ("N2-STEP1", "N2-STEP2CK", "N2-CS", "N3"):
        check = result.check(code)
        assert (check.status, check.next_action) == (NOT_APPLICABLE, "")
        assert "ECFMG certification does not apply to you" in check.why
    assert len(result.counted) == counted
    assert not any(c.status is NOT_APPLICABLE for c in result.problems)


def test_not_an_img_with_a_j1_is_told_to_check_ecfmgs_sponsorship_not_the_certificate():
    result = eligibility(NOTHING, visa=VisaFacts("j1"), ecfmg_applies=False)
    visa = result.check("VISA")
    assert_check(visa, UNKNOWN, "you need no ECFMG certificate", "J-1 sponsorship programme")
    assert "not in hand" not in visa.why


def test_not_an_img_soap_needs_registration_only():
    result = eligibility(NOTHING, ecfmg_applies=False)
    assert_check(result.soap, MET, "for you, NRMP registration by the ROL deadline")
    assert result.confirmed and result.to_rank is ELIGIBLE and result.to_train is MET


def test_an_img_with_nothing_from_ecfmg_keeps_every_check():
    result = eligibility(NOTHING, ecfmg_applies=True)
    assert not any(c.status is NOT_APPLICABLE for c in result.checks)
    assert len(result.counted) == 6 and result.status is not ELIGIBLE


def test_soap_mirrors_registration_and_exam_verification_only():
    # visa at risk (Step 3 not booked 34 days before its latest date): SOAP unaffected
    late_visa = eligibility(visa=VisaFacts("h1b"), today=D("2027-03-01"))
    assert late_visa.status is RISK and late_visa.soap.status is MET
    unregistered = eligibility(registration=NrmpFacts(), today=D("2027-03-04"))
    assert_check(unregistered.soap, NOT_MET, "closed with the ROL deadline",
                 "Plan for the 2028 Match")


def test_state_takes_blockers_and_gaps_from_the_certificate_evaluation():
    def outcome(code, status, satisfied=False):
        return Outcome(code, f"title {code}", status, "why", "", "", "verified", satisfied)

    evaluation = Evaluation("RS-2026-P", (
        outcome("C-STEP1", Status.MET, True), outcome("C-CREDYRS", Status.BLOCKED),
        outcome("C-DIPLOMA", Status.IN_PROGRESS), outcome("C-7YR", Status.NOT_APPLICABLE)))
    state = CertificationState.from_evaluation(evaluation, step1_passed_on=D("2025-05-01"))
    assert state.certificate_blockers == ("title C-CREDYRS",)
    assert state.certificate_missing == ("title C-DIPLOMA",)
    assert state.step1_passed_on == D("2025-05-01")


# Program fit (RULES §7 archetypes) -------------------------------------------------------

OPEN = ProgramFacts("Open program", Cutoff(None), Cutoff(None), Cutoff(None), Cutoff(None),
                    Cutoff(False), True, True)
APPLICANT = ApplicantFitFacts(graduation_year=2022, failed_attempts={}, step2ck_score=230,
                              usce_months=6, visa_need="j1")


def fit_of(program_change=None, applicant_change=None, season=2027):
    program = replace(OPEN, **(program_change or {}))
    return program_fit(program, replace(APPLICANT, **(applicant_change or {})), season)


def criterion(fit, code):
    return next(c for c in fit.criteria if c.code == code)


@pytest.mark.parametrize(("program", "applicant", "code", "status", "why"), [
    pytest.param({"max_years_since_graduation": Cutoff(5)}, {"graduation_year": 2022},
                 "years_since_graduation", MET, "graduates of 2022 or later", id="yog-at-limit"),
    pytest.param({"max_years_since_graduation": Cutoff(5)}, {"graduation_year": 2021},
                 "years_since_graduation", NOT_MET, "Graduation year 2021", id="yog-over"),
    pytest.param({"max_years_since_graduation": Cutoff(5)}, {"graduation_year": 2019},
                 "years_since_graduation", NOT_MET, "graduates of 2022 or later",
                 id="yog-graduated-2019"),
    pytest.param({"max_attempts_per_step": Cutoff(1)}, {"failed_attempts": {"STEP1": 0}},
                 "attempts", MET, "first-attempt passes only", id="first-attempt-ok"),
    pytest.param({"max_attempts_per_step": Cutoff(1)}, {"failed_attempts": {"STEP1": 1}},
                 "attempts", NOT_MET, "1 failed Step 1 attempt", id="first-attempt-failed"),
    pytest.param({"max_attempts_per_step": Cutoff(2)}, {"failed_attempts": {"STEP2CK": 1}},
                 "attempts", MET, "at most 2 attempts per Step", id="two-attempts-ok"),
    pytest.param({"max_attempts_per_step": Cutoff(2)}, {"failed_attempts": {"STEP2CK": 2}},
                 "attempts", NOT_MET, "2 failed Step 2 CK attempts", id="two-attempts-over"),
    pytest.param({"min_step2ck_score": Cutoff(220)}, {"step2ck_score": 220}, "step2ck_score",
                 MET, "minimum is 220", id="ck-at-minimum"),
    pytest.param({"min_step2ck_score": Cutoff(220)}, {"step2ck_score": 219}, "step2ck_score",
                 NOT_MET, "Step 2 CK 219", id="ck-below-minimum"),
    pytest.param({"min_step2ck_score": Cutoff(220)}, {"step2ck_score": None}, "step2ck_score",
                 UNKNOWN, "not recorded", id="ck-score-not-recorded"),
    pytest.param({"min_usce_months": Cutoff(12)}, {"usce_months": 12}, "usce", MET,
                 "12 months", id="usce-at-minimum"),
    pytest.param({"min_usce_months": Cutoff(12)}, {"usce_months": 11.5}, "usce", NOT_MET,
                 "11.5 months", id="usce-below-minimum"),
    pytest.param({"sponsors_j1": False}, {"visa_need": "none"}, "visa", MET, "No visa needed",
                 id="no-visa-needed"),
    pytest.param({"sponsors_j1": False}, {}, "visa", NOT_MET, "does not sponsor J-1",
                 id="j1-not-sponsored"),
    pytest.param({"sponsors_j1": None}, {}, "visa", UNKNOWN, "J-1 visas is not recorded",
                 id="j1-sponsorship-unknown"),
    pytest.param({"sponsors_j1": False}, {"visa_need": "either"}, "visa", MET,
                 "sponsors H-1B visas", id="either-route-one-sponsored"),
    pytest.param({"sponsors_j1": False, "sponsors_h1b": False}, {"visa_need": "either"}, "visa",
                 NOT_MET, "does not sponsor J-1 visas; The program does not sponsor H-1B",
                 id="either-route-none-sponsored"),
    pytest.param({"h1b_needs_step3_by": D("2027-04-30")},
                 {"visa_need": "h1b", "step3_passed_on": D("2027-04-30")}, "visa", MET,
                 "Step 3 passed on 2027-04-30", id="h1b-step3-by-date"),
    pytest.param({"h1b_needs_step3_by": D("2027-04-30")},
                 {"visa_need": "h1b", "step3_passed_on": D("2027-05-01")}, "visa", NOT_MET,
                 "only with Step 3 passed by 2027-04-30", id="h1b-step3-day-late"),
    pytest.param({"h1b_needs_step3_by": D("2027-04-30")}, {"visa_need": "h1b"}, "visa",
                 UNKNOWN, "Step 3 not passed yet", id="h1b-step3-pending"),
    pytest.param({"certificate_by_rank_deadline": Cutoff(True)},
                 {"certificate_issued_on": D("2027-03-03")}, "certificate", MET,
                 "rank deadline (2027-03-03)", id="certificate-on-rank-deadline"),
    pytest.param({"certificate_by_rank_deadline": Cutoff(True)},
                 {"certificate_issued_on": D("2027-03-04")}, "certificate", NOT_MET,
                 "issued on 2027-03-04", id="certificate-day-late"),
    pytest.param({"certificate_by_rank_deadline": Cutoff(True)},
                 {"certificate_expected_on": D("2027-04-01")}, "certificate", NOT_MET,
                 "expected about 2027-04-01", id="certificate-expected-late"),
    pytest.param({"certificate_by_rank_deadline": Cutoff(True)},
                 {"certificate_expected_on": D("2027-02-01")}, "certificate", UNKNOWN,
                 "expected about 2027-02-01", id="certificate-expected-in-time"),
])
def test_each_program_criterion_on_both_sides_of_its_limit(program, applicant, code, status,
                                                           why):
    result = criterion(fit_of(program, applicant), code)
    assert result.status is status, result
    assert why in result.why, result.why


def test_years_since_graduation_counts_back_from_the_match_year():
    program = {"max_years_since_graduation": Cutoff(5)}
    assert fit_of(program, {"graduation_year": 2022}, season=2027).status is ELIGIBLE
    assert fit_of(program, {"graduation_year": 2022}, season=2028).status is NOT_ELIGIBLE
    assert fit_of(program, {"graduation_year": 2027}, season=2027).status is ELIGIBLE  # student


def test_hard_failure_makes_the_applicant_not_eligible():
    fit = fit_of({"max_years_since_graduation": Cutoff(5)}, {"graduation_year": 2019})
    assert fit.status is NOT_ELIGIBLE
    assert [c.code for c in fit.hard_failures] == ["years_since_graduation"]
    assert fit.preference_misses == ()


def test_preference_misses_are_listed_apart_and_do_not_exclude():
    fit = fit_of({"max_years_since_graduation": Cutoff(5, hard=False),
                  "min_step2ck_score": Cutoff(240, hard=False)},
                 {"graduation_year": 2019})
    assert fit.status is ELIGIBLE
    assert [c.code for c in fit.preference_misses] == ["years_since_graduation",
                                                       "step2ck_score"]
    assert fit.hard_failures == ()


def test_missing_program_data_is_unknown_not_eligible():
    fit = program_fit(ProgramFacts("Unrecorded"), APPLICANT, 2027)
    assert fit.status is UNSURE
    assert len(fit.unknowns) == len(fit.criteria) == 6
    assert "not recorded" in criterion(fit, "step2ck_score").why


def test_missing_applicant_data_is_unknown_and_a_hard_failure_still_wins():
    fit = fit_of({"min_usce_months": Cutoff(3), "sponsors_j1": False}, {"usce_months": None})
    assert criterion(fit, "usce").status is UNKNOWN
    assert fit.status is NOT_ELIGIBLE


def test_stated_absence_of_a_requirement_is_met():
    fit = fit_of()
    assert fit.status is ELIGIBLE
    assert "sets no requirement" in criterion(fit, "attempts").why


@pytest.mark.parametrize(("program", "code", "status", "requirement", "kind"), [
    pytest.param({"min_step2ck_score": Cutoff(None)}, "step2ck_score", MET,
                 "None: the program sets no requirement", "No cut-off", id="stated-none"),
    pytest.param({"min_step2ck_score": None}, "step2ck_score", UNKNOWN, None,
                 "Possibly a hard cut-off", id="not-recorded"),
    pytest.param({"min_step2ck_score": Cutoff(220)}, "step2ck_score", MET,
                 "Step 2 CK 220 or higher", "Hard cut-off", id="recorded-hard"),
    pytest.param({"min_usce_months": Cutoff(12, hard=False)}, "usce", NOT_MET, "12 months",
                 "Preference", id="recorded-preference"),
    pytest.param({"max_years_since_graduation": Cutoff(None)}, "years_since_graduation", MET,
                 "None: the program sets no requirement", "No cut-off", id="yog-stated-none"),
    pytest.param({"certificate_by_rank_deadline": Cutoff(None)}, "certificate", MET,
                 "None: the program sets no requirement", "No cut-off",
                 id="certificate-stated-none"),
    pytest.param({"certificate_by_rank_deadline": None}, "certificate", UNKNOWN, None,
                 "Possibly a hard cut-off", id="certificate-not-recorded"),
    pytest.param({"sponsors_j1": None, "sponsors_h1b": None}, "visa", UNKNOWN, None,
                 "Possibly a hard cut-off", id="visa-not-recorded"),
    pytest.param({"sponsors_h1b": None}, "visa", MET, "J-1: sponsors · H-1B: unknown",
                 "Hard cut-off", id="visa-half-recorded"),
])
def test_one_decision_gives_each_criterion_its_status_rule_and_kind(program, code, status,
                                                                    requirement, kind):
    """The words of a program's rule come from the same Cutoff as its status: a criterion
    met because the program sets no requirement never reads "not recorded"."""
    found = criterion(fit_of(program), code)
    assert (found.status, found.requirement, found.kind) == (status, requirement, kind)
    assert found.known is (requirement is not None)
    if found.no_cutoff:
        assert "not recorded" not in found.why


@pytest.mark.parametrize(("program", "verdict"), [
    pytest.param(ProgramFacts("Community IM", Cutoff(5), Cutoff(1), Cutoff(220), Cutoff(0),
                              Cutoff(False), sponsors_j1=True, sponsors_h1b=False),
                 NOT_ELIGIBLE, id="a-community-im"),  # graduated 2019: over the 5 years
    pytest.param(ProgramFacts("Academic IM", Cutoff(None), Cutoff(1), Cutoff(240), Cutoff(0),
                              Cutoff(False), sponsors_j1=True, sponsors_h1b=True,
                              h1b_needs_step3_by=D("2027-04-30")),
                 ELIGIBLE, id="b-academic-im"),
    pytest.param(ProgramFacts("Radiology", Cutoff(None), Cutoff(None), Cutoff(None),
                              Cutoff(12), Cutoff(False), sponsors_j1=True, sponsors_h1b=None),
                 ELIGIBLE, id="c-radiology"),
])
def test_rules_section7_archetypes(program, verdict):
    applicant = ApplicantFitFacts(graduation_year=2019, failed_attempts={"STEP1": 0},
                                  step2ck_score=245, usce_months=12, visa_need="j1")
    assert program_fit(program, applicant, 2027).status is verdict


# What-if planner ---------------------------------------------------------------------------

@pytest.mark.parametrize(("exam", "days"), [
    ("STEP1", 21), ("STEP2CK", 28), ("step3", 28), ("OET", 17), ("PATHWAY", 56),
])
def test_typical_result_times(exam, days):
    assert result_expected_on(exam, D("2026-10-01")) == D("2026-10-01") + timedelta(days=days)
    assert DEFAULT_RESULT_DAYS[exam.upper()] == days


def test_result_times_can_be_overridden_and_unknown_exams_refused():
    assert result_expected_on("STEP2CK", D("2026-10-01"), {"STEP2CK": 21}) == D("2026-10-22")
    with pytest.raises(ValueError, match="no typical result time"):
        result_expected_on("MCCQE1", D("2026-10-01"), {})


@pytest.mark.parametrize(("exam", "planned", "safe", "next_season"), [
    ("STEP2CK", "2027-02-03", True, None),  # result about 2027-03-03, the deadline day
    ("STEP2CK", "2027-02-04", False, 2028),
    ("STEP1", "2027-02-10", True, None),
    ("STEP1", "2027-02-11", False, 2028),
    ("OET", "2026-12-20", True, None),  # result in time for a Pathway by 2027-01-06
    ("OET", "2026-12-21", False, 2028),
    ("PATHWAY", "2027-01-06", True, None),
    ("PATHWAY", "2027-01-07", False, 2028),
    ("STEP2CK", "2028-03-01", False, 2029),  # past 2028's latest safe date (2028-02-02) too
])
def test_what_if_around_the_latest_safe_date(exam, planned, safe, next_season):
    result = what_if(exam, D(planned), S27, DEFAULT_RESULT_DAYS, TODAY)
    assert (result.safe, result.next_season) == (safe, next_season)
    assert (result.days_to_spare >= 0) is (result.result_on <= result.needed_by)


def test_what_if_names_the_latest_safe_date_while_it_is_ahead():
    result = what_if("STEP2CK", D("2027-02-10"), S27, DEFAULT_RESULT_DAYS, TODAY)
    assert result.latest_safe_on == D("2027-02-03")
    assert result.result_on == D("2027-03-10") and result.days_to_spare == -7
    assert "sit it by 2027-02-03 to make the 2027 Match" in result.why
    assert "counts for the 2028 Match" in result.why


@pytest.mark.parametrize(("today", "latest"), [
    ("2027-02-03", D("2027-02-03")),
    ("2027-02-04", None),  # a latest safe date in the past is no date at all
])
def test_latest_safe_date_is_never_in_the_past(today, latest):
    result = what_if("STEP2CK", D("2027-02-20"), S27, DEFAULT_RESULT_DAYS, D(today))
    assert result.latest_safe_on == latest


def test_pathway_cut_off_makes_a_quick_decision_unsafe_after_31_january():
    quick = {"PATHWAY": 14}
    assert latest_safe_date("PATHWAY", S27, quick) == D("2027-01-31")
    result = what_if("PATHWAY", D("2027-02-01"), S27, quick, TODAY)
    assert result.safe is False and result.result_on < result.needed_by
    assert "due by 2027-01-31" in result.why


def test_a_step_not_started_sits_between_on_track_and_unknown():
    """Not started (nothing planned, time enough) is worse than on track and better than
    unknown or at risk: alone it makes the season unknown, never eligible nor at risk."""
    unbooked = replace(READY, step2ck_passed_on=None)
    alone = eligibility(unbooked)
    assert alone.check("N2-STEP2CK").status is NOT_STARTED
    assert (alone.status, alone.to_rank, alone.not_started) == (UNSURE, UNSURE, True)
    assert alone.problems == () and alone.soap.status is NOT_STARTED
    with_unknown = eligibility(unbooked, visa=VisaFacts())
    assert (with_unknown.status, with_unknown.not_started) == (UNSURE, False)
    with_risk = eligibility(unbooked, registration=NrmpFacts(), today=D("2027-02-01"))
    assert with_risk.status is RISK



# Exam timing: the hard latest date (ROL deadline) and the practical target (the score in
# before programs review ERAS applications: 2026-09-23 for the 2027 Match)

@pytest.mark.parametrize(("exam", "today", "status", "why", "next_action"), [
    pytest.param("STEP2CK", "2026-06-01", NOT_STARTED, "Practical target: sit it by 2026-08-26, "
                 "so the score is reported before programs start reviewing ERAS applications "
                 "(2026-09-23)", "Book Step 2 CK for 2026-08-26 or earlier (at the latest "
                 "2027-02-03)", id="ck-practical-target-ahead"),
    pytest.param("STEP2CK", "2026-08-26", NOT_STARTED, "sit it by 2026-08-26",
                 "Book Step 2 CK for 2026-08-26 or earlier", id="ck-practical-target-today"),
    pytest.param("STEP2CK", "2026-08-27", NOT_STARTED, "Programs start reviewing ERAS "
                 "applications on 2026-09-23: a score sat now arrives after that",
                 "Book Step 2 CK for 2027-02-03 or earlier", id="ck-practical-target-passed"),
    pytest.param("STEP2CK", "2026-11-15", NOT_STARTED, "Programs have been reviewing ERAS "
                 "applications since 2026-09-23", "Book Step 2 CK for 2027-02-03 or earlier",
                 id="ck-review-under-way"),
    pytest.param("STEP1", "2026-06-01", NOT_STARTED, "sit it by 2026-09-02",
                 "Book Step 1 for 2026-09-02 or earlier (at the latest 2027-02-10)",
                 id="step1-practical-target"),
    pytest.param("STEP2CK", "2027-01-01", AT_RISK, "only 33 days from now",
                 "Book Step 2 CK for 2027-02-03 or earlier", id="ck-hard-date-close"),
])
def test_exam_timing_shows_the_hard_latest_date_and_the_practical_target(exam, today, status,
                                                                         why, next_action):
    state = replace(READY, **{f"{exam.lower()}_passed_on": None})
    check = eligibility(state, today=D(today)).check(f"N2-{exam}")
    assert_check(check, status, why, next_action)
    assert "must be taken by" in check.why  # the hard latest date stays in the reason


@pytest.mark.parametrize(("registration", "today", "out_of_reach"), [
    pytest.param(NrmpFacts(), "2026-09-22", False, id="day-before-review"),
    pytest.param(NrmpFacts(), "2026-09-23", True, id="review-begun-nothing-filed"),
    pytest.param(NrmpFacts(D("2026-09-20")), "2026-12-01", True, id="nrmp-only-no-eras"),
    pytest.param(NrmpFacts(D("2026-09-20"), D("2026-09-10")), "2026-12-01", False,
                 id="eras-filed"),
    pytest.param(NrmpFacts(), "2027-03-04", False, id="after-rol-deadline-says-not-met-instead"),
])
def test_a_season_is_practically_out_of_reach_once_review_begins_with_nothing_filed(
        registration, today, out_of_reach):
    found = eligibility(registration=registration, today=D(today))
    assert bool(found.practical) is out_of_reach
    if out_of_reach:
        assert "Programs began reviewing ERAS applications on 2026-09-23" in found.practical
        assert "2027 Match is practically out of reach" in found.practical
        assert found.status is not NOT_ELIGIBLE  # informational: no status changes
