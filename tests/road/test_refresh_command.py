from django.core.management import call_command

from applicants.models import Applicant
from tests.factories import ApplicantFactory, ExamAttemptFactory


def test_refresh_road_fills_the_stored_summary_of_every_applicant(db):
    """After a migration adds summary columns, existing applicants' words are empty until
    the command re-evaluates them."""
    applicant = ApplicantFactory()
    ExamAttemptFactory(applicant=applicant)
    Applicant.objects.update(cert_word="", match_word="", cert_met=0)
    call_command("refresh_road")
    applicant.refresh_from_db()
    assert applicant.cert_word and applicant.match_word
    assert applicant.cert_met >= 1  # the passed Step 1 counts
