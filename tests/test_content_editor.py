"""The content-editor role: rule sets, seasons, directories and help pages in the admin, and
no applicant's data anywhere. Every route of the URL resolver is visited as a content
editor (with MFA): each admin page of a model holding applicant data answers 403 or 404, each
page about an applicant's records refuses, and no page shows an applicant's name, email or
school."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from applicants.models import Applicant, HelpPage
from certification.models import Requirement, RequirementSet
from config.access_policy import Level, access_for
from directory.models import MedicalSchool
from residency.models import CarmsSeason, MatchSeason, Program, StateLicensureLimit
from tests import factories
from tests.test_access_policy import NAMED, REDIRECTS, _body, _url

CONTENT = {RequirementSet, Requirement, MatchSeason, Program, MedicalSchool, HelpPage,
           CarmsSeason, StateLicensureLimit}
SECRETS_SCHOOL = "Hidden Valley School of Medicine"


@pytest.fixture
def records(db):
    """An applicant with a record of every kind, so every admin object page has one."""
    factories.MedicalSchoolFactory()
    applicant = factories.ApplicantFactory(legal_name="Secret Person Name",
                                           school_name=SECRETS_SCHOOL)
    for name in ("CredentialDocumentFactory", "EcfmgRecordFactory", "ExamAttemptFactory",
                 "OetSittingFactory", "PathwayApplicationFactory", "RegistrationFactory",
                 "ResidencyApplicationFactory", "DeadlineFactory", "SavedProgramFactory"):
        getattr(factories, name)(applicant=applicant)
    return applicant


def _model(name: str, pattern: str):
    match = re.match(r"admin/(\w+)/(\w+)/", pattern)
    if not match:
        return None
    try:
        return apps.get_model(*match.groups())
    except LookupError:
        return None


@pytest.mark.parametrize("name", sorted(NAMED))
def test_a_content_editor_sees_no_applicant_data(client, content_editor, records, name):
    route, access = NAMED[name], access_for(name)
    url = _url(route, access)
    client.force_login(content_editor)
    response = client.get(url)
    body = _body(response)
    for secret in (records.legal_name, records.user.email, SECRETS_SCHOOL):
        assert escape(secret) not in body, f"{url} shows a content editor {secret!r}"
    status = response.status_code
    assert status < 500, f"{url}: {status}"
    model = _model(name, route.pattern) if route.namespace == "admin" else None
    if model is not None and model not in CONTENT:
        # Django's admin sends any user to the index for an object that does not exist.
        refusals = {403, 404} if model._default_manager.exists() else {403, 404, 302}
        assert status in refusals, f"{url} ({model.__name__}) let a content editor in: {status}"
    elif model is not None and name.endswith(("_changelist", "_add")):
        assert status < 400, f"{url} refused a content editor: {status}"
    elif access.level in {Level.APPLICANT_OWNER, Level.ADVISOR} or (
            access.level is Level.STAFF and route.namespace != "admin"):
        # No applicant profile, no caseload: refused, or sent to make a profile.
        assert status in {403, 404} | REDIRECTS, f"{url} let a content editor in: {status}"


def test_the_admin_index_offers_content_only(client, content_editor):
    client.force_login(content_editor)
    page = client.get(reverse("admin:index")).content.decode()
    for url_name in ("certification_requirementset", "residency_matchseason",
                     "residency_program", "directory_medicalschool", "applicants_helppage"):
        assert reverse(f"admin:{url_name}_changelist") in page
    for url_name in ("applicants_applicant", "applicants_user", "certification_examattempt",
                     "certification_credentialdocument", "residency_registration"):
        assert reverse(f"admin:{url_name}_changelist") not in page


def test_content_editors_must_set_up_mfa(client, db):
    editor = factories.ContentEditorFactory()
    client.force_login(editor)
    response = client.get(reverse("admin:certification_requirementset_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("mfa_activate_totp"))


def test_applicants_are_invisible_to_content_editors(content_editor, records):
    assert not Applicant.objects.visible_to(content_editor).exists()
    assert content_editor.sees_applicants is False


def test_seed_demo_makes_a_content_editor_and_keeps_the_admin_staff(db):
    from io import StringIO

    from django.core.management import call_command

    from applicants.models import User
    call_command("seed_demo", stdout=StringIO())
    editor = User.objects.get(email="editor@example.com")
    assert editor.is_staff and not editor.is_superuser and editor.needs_mfa
    assert editor.has_perm("certification.change_requirementset")
    assert not editor.sees_applicants
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_staff and admin.needs_mfa and admin.sees_applicants


def test_a_content_editor_previews_with_ids_and_categories_only(client, content_editor, db):
    from datetime import date

    from certification.services import records, rulesets
    applicant = factories.ApplicantFactory(legal_name="Secret Person Name",
                                           target_match_year=2028)
    records.save_exam_attempt(applicant=applicant, data=dict(
        exam="STEP2CK", test_date=date(2025, 8, 1), result_date=date(2025, 8, 25), score=221))
    draft = rulesets.copy_as_draft(RequirementSet.objects.get(code="RS-2027-P"),
                                   by=content_editor)
    requirement = draft.requirements.get(code="C-STEP2CK")
    requirement.params["pass_marks"] = [[d, 225 if m == 218 else m]
                                        for d, m in requirement.params["pass_marks"]]
    requirement.save()
    client.force_login(content_editor)
    client.post(reverse("admin:certification_requirementset_publish", args=[draft.pk]),
                {"effective_from": "2026-12-01", "action": "preview"})
    preview = draft.previews.get()
    url = reverse("admin:certification_requirementset_preview", args=[preview.pk])
    page = client.get(url, {"applicant": applicant.pk})
    body = page.content.decode()
    assert f"#{applicant.pk}" in body and applicant.classification.label in body
    assert "Secret Person Name" not in body and "221" not in body and "2025-08-01" not in body
    lines = page.context["side_by_side"]["lines"]
    assert all(not line.before_why and not line.after_why for line in lines)
    assert any(line.changed for line in lines)
