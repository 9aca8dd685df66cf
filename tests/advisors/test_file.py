"""The applicant's file for an advisor (point 4): the dashboard read-only, documents viewed
and downloaded (each look audited), notes, reviews the applicant is told of, assignment."""

import re

import pytest
from django.urls import reverse

from applicants.models import AuditEvent, Note, Notification
from certification.models import DocumentReview
from core import clock
from road.refresh import refresh_road
from tests.certification.pages import error_at
from tests.factories import CredentialDocumentFactory, MembershipFactory, small_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(team, applicant):
    team.share(applicant)
    return applicant


@pytest.fixture
def transcript(case):
    return CredentialDocumentFactory(applicant=case, type="FINAL_TRANSCRIPT",
                                     original_name="transcript.pdf")


def test_the_file_is_the_dashboard_read_only(client, team, case):
    CredentialDocumentFactory(applicant=case, state="rejected", state_changed_on=clock.today(),
                              rejection_reason="Blurred")
    refresh_road(case.pk)  # a deadline row with a link to the applicant's documents page
    client.force_login(team.advisor)
    page = client.get(reverse("road:advisor-file", args=[case.pk])).content.decode()
    assert case.legal_name in page and "What is met, what is missing" in page
    assert "Fix it" not in page  # the applicant keeps their own records
    assert "was rejected: send a corrected one" in page
    # the flag's date as the page writes every date ("17 Dec 2026"), not as stored
    assert "<strong>Document rejected</strong> (" in page
    assert not re.search(r"\(\d{4}-\d\d-\d\d\)", page)
    assert 'href="/certification/' not in page and 'href="/residency/' not in page
    assert AuditEvent.objects.filter(action="file.view", subject_applicant_id=case.pk,
                                     actor_id=team.advisor.pk).count() == 1


def test_the_files_header_and_documents_say_whose_file_and_what_each_document_is(
        client, team, case, transcript):
    CredentialDocumentFactory(applicant=case, type="DIPLOMA", state="uploaded",
                              advisor_request="Scan the seal as well")
    client.force_login(team.advisor)
    page = client.get(reverse("road:advisor-file", args=[case.pk])).content.decode()
    assert case.user.email in page and f"advisor {team.advisor.email}" in page
    assert reverse("road:advisor-document", args=[case.pk, transcript.pk]) in page
    assert "Final transcript" in page and "Changes asked" in page and "Uploaded" in page
    assert reverse("road:advisor-assign", args=[case.pk]) not in page  # not the lead

    client.force_login(team.lead)
    page = client.get(reverse("road:advisor-file", args=[case.pk])).content.decode()
    assert reverse("road:advisor-assign", args=[case.pk]) in page


def test_each_document_view_writes_exactly_one_audit_row(client, team, case, transcript):
    client.force_login(team.advisor)
    url = reverse("road:advisor-document", args=[case.pk, transcript.pk])
    assert client.get(url).status_code == 200
    rows = AuditEvent.objects.filter(action="document.view", object_id=str(transcript.pk))
    assert rows.count() == 1
    client.get(url)
    assert rows.count() == 2


def test_download_gives_the_file_and_is_audited(client, team, case, transcript):
    client.force_login(team.advisor)
    response = client.get(reverse("road:advisor-document-download",
                                  args=[case.pk, transcript.pk]))
    assert b"".join(response.streaming_content) == small_pdf()
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="document.download").count() == 1


def test_another_applicants_document_under_this_file_is_404(client, team, case, other_applicant):
    team.share(other_applicant)
    theirs = CredentialDocumentFactory(applicant=other_applicant)
    client.force_login(team.advisor)
    url = reverse("road:advisor-document", args=[case.pk, theirs.pk])
    assert client.get(url).status_code == 404


def test_needs_changes_tells_the_applicant_why_and_what_to_do(client, team, case, transcript):
    client.force_login(team.advisor)
    url = reverse("road:advisor-document", args=[case.pk, transcript.pk])
    missing = client.post(url, {"verdict": "needs_changes", "reason": " "})
    assert "Say what needs to change" in error_at(missing, "reason")
    assert not DocumentReview.objects.exists()

    client.post(url, {"verdict": "needs_changes", "reason": "The seal is not readable."})
    review = DocumentReview.objects.get()
    assert (review.reviewer, review.organisation) == (team.advisor, team.organisation)
    assert AuditEvent.objects.filter(action="document.review").count() == 1
    note = Notification.objects.get(applicant=case)
    assert "The seal is not readable." in note.text and team.organisation.name in note.text

    client.force_login(case.user)
    dashboard = client.get(reverse("road:dashboard")).content.decode()
    assert "Your advisor asked for changes to the final transcript" in dashboard
    assert "Upload a corrected final transcript" in dashboard
    detail = client.get(reverse("certification:document-detail", args=[transcript.pk]))
    assert "The seal is not readable." in detail.content.decode()


def test_looks_right_clears_the_request(client, team, case, transcript):
    client.force_login(team.advisor)
    url = reverse("road:advisor-document", args=[case.pk, transcript.pk])
    client.post(url, {"verdict": "needs_changes", "reason": "Blurred"})
    client.post(url, {"verdict": "looks_right", "reason": ""})
    transcript.refresh_from_db()
    assert transcript.advisor_request == ""
    assert "looks right" in Notification.objects.first().text


def test_a_document_already_with_ecfmg_is_not_reviewed(client, team, case):
    sent = CredentialDocumentFactory(applicant=case, state="sent")
    client.force_login(team.advisor)
    url = reverse("road:advisor-document", args=[case.pk, sent.pk])
    response = client.post(url, {"verdict": "looks_right"})
    assert "already with ECFMG" in response.content.decode()
    assert not DocumentReview.objects.exists()


def test_private_and_shared_notes(client, team, case):
    client.force_login(team.advisor)
    url = reverse("road:advisor-note", args=[case.pk])
    client.post(url, {"text": "Call about the transcript seal"})
    client.post(url, {"text": "Well done on Step 1!", "shared": "on"})
    assert Note.objects.count() == 2
    assert AuditEvent.objects.filter(action="note.add").count() == 2
    file_page = client.get(reverse("road:advisor-file", args=[case.pk])).content.decode()
    assert "Call about the transcript seal" in file_page

    client.force_login(case.user)
    sharing = client.get(reverse("applicants:sharing")).content.decode()
    assert "Well done on Step 1!" in sharing
    assert "Call about the transcript seal" not in sharing
    assert Notification.objects.filter(applicant=case, kind="advisor_note").count() == 1


def test_a_note_that_cannot_be_saved_says_why_next_to_it_and_keeps_the_text(client, team, case):
    client.force_login(team.advisor)
    url = reverse("road:advisor-note", args=[case.pk])
    empty = client.post(url, {"text": "   ", "shared": "on"})
    assert empty.status_code == 200 and error_at(empty, "text") == "Write the note first."
    assert case.legal_name in empty.content.decode()  # the file, around the form
    long = client.post(url, {"text": "x" * 4001})
    assert error_at(long, "text") == "Keep the note to 4000 characters at most (it has 4001)."
    assert "x" * 4001 in long.content.decode()  # nothing typed is lost
    assert not Note.objects.exists()


def test_the_lead_assigns_and_reassigns(client, team, case):
    second = MembershipFactory(organisation=team.organisation).user
    client.force_login(team.lead)
    url = reverse("road:advisor-assign", args=[case.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"advisor": second.pk})
    assert case.consents.get().advisor == second
    event = AuditEvent.objects.get(action="assignment.change")
    assert event.details == {"before": team.advisor.email, "after": second.email}

    client.force_login(team.advisor)  # no longer assigned: the file is gone from them
    assert client.get(reverse("road:advisor-file", args=[case.pk])).status_code == 404


def test_an_advisor_cannot_assign(client, team, case):
    client.force_login(team.advisor)
    url = reverse("road:advisor-assign", args=[case.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"advisor": team.advisor.pk}).status_code == 403


def test_the_file_reads_as_few_queries_with_many_documents_and_notes(
        client, team, case, settings, django_assert_max_num_queries):
    """The file's queries do not grow with the applicant's documents or the notes (each is
    read within the applicant's one query or the notes' one), and the organisation it is
    opened through heads the page."""
    settings.REFERENCE_CACHE_SECONDS = 60  # as served
    client.force_login(team.advisor)
    url = reverse("road:advisor-file", args=[case.pk])
    for i in range(15):
        CredentialDocumentFactory(applicant=case, title=f"Scan {i}")
        Note.objects.create(applicant=case, organisation=team.organisation,
                            author=team.lead, text=f"Note {i}")
    client.get(url)  # the rules and seasons, read once for every page (the reference cache)
    # session, user, MFA, memberships, consent, applicant, audit row, notes
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert team.organisation.name in page and "Note 14" in page and "Scan 14" in page
