"""The audit log is append-only at the database, holds no foreign key, and pseudonymises
one applicant's rows only through its one SQL function."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from applicants import audit
from applicants.models import Applicant, AuditEvent
from tests.factories import ApplicantFactory, CredentialDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(team):
    applicant = ApplicantFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9",
                                   HTTP_X_REQUEST_ID="req-42")
    document = CredentialDocumentFactory(applicant=applicant)
    return audit.record(request, "document.view", actor=team.advisor,
                        subject_applicant=applicant, obj=document,
                        organisation=team.organisation)


def test_a_row_says_who_what_when_and_from_where(event, team):
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.actor_email, row.action, row.organisation_name) == (
        team.advisor.email, "document.view", team.organisation.name)
    assert (row.ip, row.request_id, row.object_type) == (
        "203.0.113.9", "req-42", "certification.CredentialDocument")
    assert row.at.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("sql", [
    "UPDATE applicants_auditevent SET action = 'file.view' WHERE id = %s",
    "UPDATE applicants_auditevent SET ip = NULL WHERE id = %s",
    "DELETE FROM applicants_auditevent WHERE id = %s",
])
def test_the_database_refuses_to_change_or_delete_a_row(event, sql):
    with (pytest.raises(DatabaseError, match="append-only"), transaction.atomic(),
          connection.cursor() as cursor):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action="document.view").exists()


def test_the_orm_cannot_either(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor_email="someone@else")


def test_no_foreign_key_points_from_the_audit_table():
    with connection.cursor() as cursor:
        cursor.execute("""SELECT count(*) FROM information_schema.table_constraints
                          WHERE table_name = 'applicants_auditevent'
                            AND constraint_type = 'FOREIGN KEY'""")
        assert cursor.fetchone()[0] == 0


def test_rows_outlive_the_applicant_deleted_in_raw_sql(event):
    subject = event.subject_applicant_id
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM certification_documentevent")
        cursor.execute("DELETE FROM certification_credentialdocument WHERE applicant_id = %s",
                       [subject])
        cursor.execute("DELETE FROM applicants_deadline WHERE applicant_id = %s", [subject])
        cursor.execute("DELETE FROM applicants_applicant WHERE id = %s", [subject])
    assert not Applicant.objects.filter(pk=subject).exists()
    assert AuditEvent.objects.filter(subject_applicant_id=subject).count() == 1


def test_pseudonymise_replaces_one_applicants_traces_only(event, team):
    subject = Applicant.objects.get(pk=event.subject_applicant_id)
    own = audit.record(None, "consent.grant", actor=subject.user, subject_applicant=subject)
    other = audit.record(None, "file.view", actor=team.advisor,
                         subject_applicant=ApplicantFactory())
    assert audit.pseudonymise(subject) == 2
    rows = {r.pk: r for r in AuditEvent.objects.all()}
    assert rows[event.pk].subject_applicant_id is None
    assert rows[event.pk].ip is None and rows[event.pk].object_label == ""
    assert rows[event.pk].subject_pseudonym == rows[own.pk].subject_pseudonym != ""
    assert rows[own.pk].actor_email == rows[own.pk].subject_pseudonym  # their own actions
    assert rows[event.pk].actor_email == team.advisor.email  # who looked stays known
    assert rows[other.pk].subject_applicant_id == other.subject_applicant_id
    with pytest.raises(DatabaseError), transaction.atomic():  # the gate closed again
        AuditEvent.objects.filter(pk=other.pk).update(ip=None)
