"""Privacy: an applicant downloads everything we keep about them, and erases it all."""

import hashlib
import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.test import Client
from django.urls import reverse

from applicants import privacy
from applicants.models import Applicant, Deadline, Delivery, User
from certification.models import CredentialDocument
from tests import factories
from tests.factories import PASSWORD
from tests.routes import changed_tables, table_checksums

RECORD_FACTORIES = ["CredentialDocumentFactory", "EcfmgRecordFactory", "ExamAttemptFactory",
                    "OetSittingFactory", "PathwayApplicationFactory", "SavedProgramFactory",
                    "RegistrationFactory", "ResidencyApplicationFactory", "DeadlineFactory"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def full_applicant(db, media):
    """An applicant with a record of every kind, a delivery, a second email, signed in."""
    applicant = factories.ApplicantFactory()
    for name in RECORD_FACTORIES:
        getattr(factories, name)(applicant=applicant)
    deadline = Deadline.objects.filter(applicant=applicant).first()
    Delivery.objects.create(deadline=deadline, due_at=deadline.due_at, offset_days=1,
                            state="queued", claimed_at=deadline.due_at)  # a pending reminder
    return applicant


def _zip(client):
    response = client.get(reverse("applicants:my-data-export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_every_row_of_theirs_and_their_files(client, full_applicant):
    client.force_login(full_applicant.user)
    archive = _zip(client)
    data = json.loads(archive.read("data.json"))

    expected = {o._meta.label for o in privacy.owned_objects(full_applicant.user)}
    for name in RECORD_FACTORIES:  # every kind made above, found without being listed
        model = getattr(factories, name)._meta.model
        label = (apps.get_model(model) if isinstance(model, str) else model)._meta.label
        assert label in data["rows"], label
    assert set(data["rows"]) == expected
    assert {"applicants.User", "applicants.Applicant", "account.EmailAddress",
            "applicants.Delivery"} <= expected
    user_row = data["rows"]["applicants.User"][0]
    assert user_row["password"] == "(not exported)"
    document = CredentialDocument.objects.get(applicant=full_applicant)
    files = [n for n in archive.namelist() if n.startswith("files/")]
    assert len(files) == 1 and archive.read(files[0]) == document.file.open("rb").read()


def test_the_manifest_checks_every_file_in_the_export(client, full_applicant):
    client.force_login(full_applicant.user)
    archive = _zip(client)
    lines = archive.read("SHA256SUMS").decode().splitlines()

    names = set()
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
        names.add(name)
    assert names == set(archive.namelist()) - {"SHA256SUMS"}


def test_the_summary_page_says_what_we_keep_in_words(client, full_applicant):
    client.force_login(full_applicant.user)
    page = client.get(reverse("applicants:my-data")).content.decode()

    assert "Exam attempts: 1" in page and "Credential documents: 1" in page
    assert "Download all of it" in page


def test_erasing_needs_the_password(client, full_applicant):
    client.force_login(full_applicant.user)
    response = client.post(reverse("applicants:my-data"), {"password": "wrong", "confirm": "on"})

    assert "That is not your password." in response.content.decode()
    assert Applicant.objects.filter(pk=full_applicant.pk).exists()


def test_erasing_removes_every_row_file_and_session_and_nobody_elses(
        full_applicant, media, django_capture_on_commit_callbacks):
    other = factories.ApplicantFactory(legal_name="Other Person Elsewhere")
    factories.CredentialDocumentFactory(applicant=other)
    user = full_applicant.user
    this_browser, other_browser = Client(), Client()
    for browser in (this_browser, other_browser):
        browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    owned = {(o._meta.label, o.pk) for o in privacy.owned_objects(user)}
    others_before = {(o._meta.label, o.pk) for o in privacy.owned_objects(other.user)}
    files_before = {p for p in media.rglob("*") if p.is_file()}

    with django_capture_on_commit_callbacks(execute=True):
        response = this_browser.post(reverse("applicants:my-data"),
                                     {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    for label, pk in owned:
        assert not apps.get_model(label).objects.filter(pk=pk).exists(), (label, pk)
    assert not User.objects.filter(email=user.email).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert {(o._meta.label, o.pk) for o in privacy.owned_objects(other.user)} == others_before
    files_after = {p for p in media.rglob("*") if p.is_file()}
    assert len(files_before - files_after) == 1 and len(files_after) == 1  # theirs gone
    assert other_browser.get(reverse("account_email")).status_code == 302  # signed out


def test_an_admin_can_delete_an_applicant_with_a_document_and_the_file_goes(
        client, staff, full_applicant, media, django_capture_on_commit_callbacks):
    client.force_login(staff)
    url = reverse("admin:applicants_applicant_delete", args=[full_applicant.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Applicant.objects.filter(pk=full_applicant.pk).exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_an_orm_delete_takes_the_file(full_applicant, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CredentialDocument.objects.filter(applicant=full_applicant).delete()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_export_changes_nothing(client, full_applicant):
    client.force_login(full_applicant.user)
    before = table_checksums()
    _zip(client)
    assert changed_tables(before, table_checksums()) == []
