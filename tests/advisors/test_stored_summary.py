"""One summary (point 2): for a table of varied applicants the summary the refresh stores
(what the caseload sorts and filters on) is the one the dashboard computes, risk flags and
next deadline included."""

from datetime import timedelta

import pytest

from applicants.models import Applicant
from core import clock
from road.dashboard.data import dashboard_applicant
from road.refresh import refresh_road
from road.summary import road_summary
from tests.advisors.test_flags import fail
from tests.factories import (
    CredentialDocumentFactory,
    DeadlineFactory,
    ExamAttemptFactory,
    MedicalSchoolFactory,
)
from tests.road.test_consistency import CASES as WORD_CASES

pytestmark = pytest.mark.django_db


def listed_school(a):
    a.school = MedicalSchoolFactory()
    a.save(update_fields=["school"])


def stalled_diploma(a):
    CredentialDocumentFactory(applicant=a, state="sent",
                              state_changed_on=clock.today() - timedelta(days=60))


def rejected_transcript(a):
    CredentialDocumentFactory(applicant=a, type="FINAL_TRANSCRIPT", state="rejected",
                              state_changed_on=clock.today() - timedelta(days=3),
                              rejection_reason="The seal is missing")


def three_step1_fails(a):
    for months in (20, 14, 8):
        f = fail("STEP1", clock.today() - timedelta(days=30 * months))
        ExamAttemptFactory(applicant=a, exam="STEP1", test_date=f.test_date, outcome="fail",
                           eligibility_start=None, eligibility_end=None)


def eligibility_ending(a):
    ExamAttemptFactory(applicant=a, exam="STEP2CK", test_date=None, outcome="",
                       scheduled_date=None, eligibility_start=clock.today() - timedelta(days=60),
                       eligibility_end=clock.today() + timedelta(days=20))


def own_deadline(a):
    DeadlineFactory(applicant=a)


CASES = [
    *WORD_CASES,
    ("listed-school", {}, (listed_school,)),
    ("stalled-diploma", {}, (listed_school, stalled_diploma)),
    ("rejected-transcript", {"target_match_year": 2027}, (rejected_transcript,)),
    ("three-step1-fails", {}, (three_step1_fails, own_deadline)),
    ("eligibility-ending", {}, (listed_school, eligibility_ending)),
    ("everything-flagged", {"target_match_year": 2027},
     (stalled_diploma, rejected_transcript, three_step1_fails, eligibility_ending)),
]


@pytest.fixture
def table(db):
    """Every case of the table, made and refreshed (the stored summary written)."""
    from tests.factories import ApplicantFactory

    made = []
    for name, profile, records in CASES:
        applicant = ApplicantFactory(**profile)
        for add in records:
            add(applicant)
        refresh_road(applicant.pk)
        made.append((name, applicant))
    return made


def test_stored_summary_is_what_the_dashboard_computes(table):
    today = clock.today()
    flagged = set()
    for name, applicant in table:
        computed = road_summary(dashboard_applicant(applicant.user), today).stored()
        stored = Applicant.objects.values(*computed).get(pk=applicant.pk)
        assert stored == computed, name
        flagged |= {f["code"] for f in stored["risk_flags"]}
    assert {"attempt_limit", "document_rejected", "document_stalled", "eligibility_ending",
            "school_not_listed", "season_unreachable"} <= flagged


def test_the_table_is_varied_and_the_flags_show(table):
    assert len(CASES) >= 20 and len({c[0] for c in CASES}) == len(CASES)
    by_name = {name: Applicant.objects.get(pk=a.pk) for name, a in table}
    everything = by_name["everything-flagged"]
    assert everything.flag_codes.startswith("|")
    codes = [f["code"] for f in everything.risk_flags]
    assert codes.index("attempt_limit") < codes.index("document_stalled")  # triage order
    assert everything.triage_rank <= 1
    own = by_name["three-step1-fails"]
    assert own.next_deadline_title == "Ask my dean for the letter"
    assert abs((own.next_deadline_on - clock.today()).days - 30) <= 1
    assert by_name["listed-school"].flag_codes.find("school_not_listed") == -1
