"""Program fit from the database: the applicant's facts, a program's facts, and the SQL
"eligible only" filter, which must agree with the engine's hard cut-offs."""

import random
from datetime import date

import pytest

from residency.fit import applicant_fit_facts, fit_context, program_facts
from residency.models import MatchSeason, Program, Registration
from residency.rules import ApplicantFitFacts, Cutoff, Verdict, program_fit
from tests.factories import ApplicantFactory, EcfmgRecordFactory, ExamAttemptFactory

pytestmark = pytest.mark.django_db
SEASON = 2027
DEADLINE = date(2027, 3, 3)


def _attempt(applicant, exam, outcome, score=None, on=date(2024, 3, 10)):
    return ExamAttemptFactory(applicant=applicant, exam=exam, outcome=outcome, score=score,
                              test_date=on)


def test_applicant_facts_come_from_exams_ecfmg_file_and_registration(
        django_assert_num_queries):
    applicant = ApplicantFactory(graduation_date=date(2021, 6, 30))
    _attempt(applicant, "STEP1", "fail")
    _attempt(applicant, "STEP1", "incomplete")
    _attempt(applicant, "STEP1", "pass", on=date(2024, 9, 1))
    _attempt(applicant, "STEP2CK", "fail", 205)
    _attempt(applicant, "STEP2CK", "pass", 231, on=date(2025, 1, 5))
    _attempt(applicant, "STEP2CK", "pending", None, on=date(2025, 6, 1))
    _attempt(applicant, "STEP3", "pass", 210, on=date(2025, 11, 20))
    EcfmgRecordFactory(applicant=applicant, certificate_issued_on=date(2025, 4, 2))
    Registration.objects.create(applicant=applicant, season=SEASON, visa_need="j1",
                                usce_months=4)
    Registration.objects.create(applicant=applicant, season=2028, visa_need="h1b")

    with django_assert_num_queries(1):  # the records, in one query whatever their number
        facts = applicant_fit_facts(applicant, SEASON)

    assert facts == ApplicantFitFacts(
        graduation_year=2021, failed_attempts={"STEP1": 2, "STEP2CK": 1}, step2ck_score=231,
        usce_months=4, visa_need="j1", step3_passed_on=date(2025, 11, 20),
        certificate_issued_on=date(2025, 4, 2))


@pytest.mark.parametrize(("citizenships", "green_card", "need"), [
    (["IN"], False, "either"),
    (["IN"], True, "none"),
    (["US", "IN"], False, "none"),
])
def test_without_a_registration_the_visa_need_follows_the_applicant_category(
        citizenships, green_card, need):
    applicant = ApplicantFactory(citizenships=citizenships, us_permanent_resident=green_card)
    facts = applicant_fit_facts(applicant, SEASON)
    assert (facts.visa_need, facts.usce_months, facts.failed_attempts) == (need, None, {})
    assert facts.certificate_issued_on is None and facts.step2ck_score is None


def test_program_facts_keep_unknown_apart_from_hard_and_preference():
    program = Program(name="P", max_years_since_graduation=5, yog_is_hard=False,
                      max_attempts_per_step=None, min_step2ck_score=230, ck_is_hard=True,
                      min_usce_months=0, usce_is_hard=False, certificate_by_rank_deadline=True,
                      sponsors_j1=True, sponsors_h1b=None)
    facts = program_facts(program)
    assert facts.max_years_since_graduation == Cutoff(5, hard=False)
    assert facts.max_attempts_per_step is None  # not recorded: unknown
    assert facts.min_step2ck_score == Cutoff(230, hard=True)
    assert facts.min_usce_months == Cutoff(0, hard=False)
    assert facts.certificate_by_rank_deadline == Cutoff(True, hard=True)
    assert (facts.sponsors_j1, facts.sponsors_h1b) == (True, None)


def test_the_rank_deadline_is_the_stored_season_s(applicant):
    MatchSeason.objects.filter(year=SEASON).update(rol_deadline=date(2027, 3, 1))
    assert fit_context(applicant, SEASON).rank_deadline == date(2027, 3, 1)
    assert fit_context(applicant, 2031).rank_deadline.year == 2031  # derived, nothing stored


# The SQL filter and the engine


def _random_program(rng: random.Random, n: int) -> Program:
    def maybe(*values):
        return rng.choice([None, *values])

    return Program(
        nrmp_code=f"{n:07d}C0", name=f"Generated {n}", institution="Generated Hospital",
        specialty="IM", city="Toledo", state="OH",
        sponsors_j1=maybe(True, False), sponsors_h1b=maybe(True, False),
        max_years_since_graduation=maybe(1, 3, 5, 6, 10), yog_is_hard=rng.random() < 0.7,
        max_attempts_per_step=maybe(1, 2, 3), attempts_is_hard=rng.random() < 0.7,
        min_step2ck_score=maybe(215, 220, 230, 231, 245), ck_is_hard=rng.random() < 0.7,
        min_usce_months=maybe(0, 3, 4, 12), usce_is_hard=rng.random() < 0.5,
        certificate_by_rank_deadline=maybe(True, False),
    )


APPLICANTS = {
    "typical IMG": ApplicantFitFacts(
        graduation_year=2021, failed_attempts={"STEP1": 1}, step2ck_score=231, usce_months=4,
        visa_need="j1", certificate_issued_on=date(2026, 10, 1)),
    "strong, needs H-1B": ApplicantFitFacts(
        graduation_year=2025, failed_attempts={}, step2ck_score=250, usce_months=12,
        visa_need="h1b", step3_passed_on=date(2026, 5, 1)),
    "older, either visa, late certificate": ApplicantFitFacts(
        graduation_year=2016, failed_attempts={"STEP1": 2, "STEP2CK": 1}, step2ck_score=215,
        usce_months=0, visa_need="either", certificate_expected_on=date(2027, 5, 1)),
    "certificate issued after the deadline": ApplicantFitFacts(
        graduation_year=2022, failed_attempts={"STEP2CK": 0}, step2ck_score=220,
        usce_months=3, visa_need="none", certificate_issued_on=date(2027, 4, 1)),
    "nothing on record": ApplicantFitFacts(),
}


@pytest.mark.parametrize("who", APPLICANTS)
def test_the_sql_filter_agrees_with_the_engine_on_200_generated_programs(who):
    rng = random.Random(who)
    Program.objects.bulk_create(_random_program(rng, n) for n in range(200))
    facts = APPLICANTS[who]

    kept = set(Program.objects.eligible_for(facts, SEASON, rank_deadline=DEADLINE)
               .values_list("pk", flat=True))

    verdicts = {p.pk: program_fit(program_facts(p), facts, SEASON, rank_deadline=DEADLINE).status
                for p in Program.objects.all()}
    ruled_out = {pk for pk, verdict in verdicts.items() if verdict is Verdict.NOT_ELIGIBLE}
    assert kept == set(verdicts) - ruled_out
    if who == "nothing on record":  # nothing is known to fail
        assert kept == set(verdicts)
    else:  # the generated set exercises both sides
        assert kept and ruled_out


def test_unknown_requirements_and_missed_preferences_stay_in_the_eligible_list():
    unknown = Program.objects.create(nrmp_code="0000001C0", name="Unknown", specialty="IM",
                                     city="X", state="OH")
    preference = Program.objects.create(nrmp_code="0000002C0", name="Prefers recent",
                                        specialty="IM", city="X", state="OH",
                                        max_years_since_graduation=3, yog_is_hard=False)
    hard = Program.objects.create(nrmp_code="0000003C0", name="Recent only", specialty="IM",
                                  city="X", state="OH", max_years_since_graduation=3)
    facts = ApplicantFitFacts(graduation_year=2019, visa_need="none")
    kept = list(Program.objects.eligible_for(facts, SEASON).order_by("pk"))
    assert kept == [unknown, preference]
    assert hard not in kept


def test_programs_that_ask_the_same_get_the_same_verdict_under_their_own_names():
    """program_fits judges each distinct set of requirements once: every program still gets
    the verdict program_fit gives it alone, under its own name, in order."""
    from residency.rules import ProgramFacts, program_fits

    applicant = ApplicantFitFacts(graduation_year=2015, failed_attempts={"STEP1": 2},
                                  step2ck_score=230, visa_need="j1")
    strict = dict(max_years_since_graduation=Cutoff(5), max_attempts_per_step=Cutoff(1),
                  sponsors_j1=True)
    open_ = dict(max_years_since_graduation=Cutoff(None), max_attempts_per_step=Cutoff(None),
                 min_step2ck_score=Cutoff(220), min_usce_months=Cutoff(None),
                 certificate_by_rank_deadline=Cutoff(None), sponsors_j1=True)
    programs = [ProgramFacts(name="Strict A", **strict), ProgramFacts(name="Open A", **open_),
                ProgramFacts(name="Strict B", **strict), ProgramFacts(name="Unrecorded")]
    fits = program_fits(programs, applicant, 2028, rank_deadline=date(2028, 3, 4))
    assert [f.program for f in fits] == ["Strict A", "Open A", "Strict B", "Unrecorded"]
    assert fits == [program_fit(p, applicant, 2028, rank_deadline=date(2028, 3, 4))
                    for p in programs]
    assert [f.status for f in fits] == [Verdict.NOT_ELIGIBLE, Verdict.ELIGIBLE,
                                        Verdict.NOT_ELIGIBLE, Verdict.UNKNOWN]
