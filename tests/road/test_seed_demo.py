"""The demo applicant's records: enough for an interesting dashboard, and a re-run adds none."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from applicants.models import Applicant
from road.dashboard import data

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_amara_a_road_and_a_second_run_duplicates_nothing():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    amara = Applicant.objects.get(user__email="applicant@example.com")

    assert amara.ecfmg.application_status == "accepted"
    assert sorted(amara.exams.values_list("exam", "outcome")) == [
        ("STEP1", "pass"), ("STEP2CK", "")]
    booked = amara.exams.get(exam="STEP2CK")
    assert 0 < (booked.scheduled_date - date.today()).days <= 60
    assert booked.eligibility_start <= booked.scheduled_date <= booked.eligibility_end
    assert sorted(amara.oet_sittings.values_list("writing", flat=True)) == [290, 330]
    assert list(amara.documents.values_list("type", "state")) == [("DIPLOMA", "verified")]
    assert list(amara.registrations.values_list("season", "visa_need")) == [(2028, "j1")]

    board = data.build(data.dashboard_applicant(amara.user))
    assert (board.saved_total, board.saved_eligible) == (3, 2)
    assert board.common_reason == "Years since graduation"
    assert board.certificate.met == 6  # account, application, school, diploma, Step 1, OET
    assert not board.empty
    assert amara.cert_met == 6  # the services refreshed the stored summary
    # She also tracks the Canadian route: MCCQE Part I passed, a NAC result awaited.
    assert sorted(amara.mcc_attempts.values_list("exam", "outcome")) == [
        ("MCCQE1", "pass"), ("NAC", "fail"), ("NAC", "pending")]
    assert (board.canada.met, board.canada.total) == (1, 3)
    assert board.canada.word == "On track"
    assert amara.canada_word == "on_track"
    assert sorted(amara.licensure_states.values_list("state", flat=True)) == ["AL", "CA"]


def test_seed_demo_gives_the_demo_advisor_an_organisation_and_a_varied_caseload():
    from applicants.models import Membership, User

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    advisor = User.objects.get(email="advisor@example.com")
    membership = Membership.objects.get(user=advisor)
    assert Membership.objects.filter(organisation=membership.organisation,
                                     role=Membership.Role.LEAD).exists()
    caseload = Applicant.objects.visible_to(advisor)
    assert caseload.count() >= 5
    flags = {f["code"] for a in caseload for f in a.risk_flags}
    assert {"document_stalled", "document_rejected", "attempt_limit",
            "eligibility_ending"} <= flags
    lead = User.objects.get(email="lead@example.com")
    assert Applicant.objects.visible_to(lead).count() > caseload.count()  # and the unassigned
