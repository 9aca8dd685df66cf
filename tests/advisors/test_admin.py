"""Staff create an organisation in the admin and name its first lead; staff opening an
applicant in the admin is audited."""

import pytest
from django.urls import reverse

from applicants.models import AuditEvent, Membership, Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_create_an_organisation_with_its_first_lead(client, staff):
    lead = UserFactory(email="head.of.office@example.org")
    client.force_login(staff)
    url = reverse("admin:applicants_organisation_add")
    form = {"name": "Cairo IMG Office", "first_lead": lead.email,
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}
    missing = client.post(url, {**form, "first_lead": ""})
    assert "Name the organisation&#x27;s first lead." in missing.content.decode()
    assert not Organisation.objects.exists()
    assert client.post(url, form).status_code == 302
    membership = Membership.objects.get(organisation__name="Cairo IMG Office")
    assert (membership.user, membership.role) == (lead, Membership.Role.LEAD)
    lead.refresh_from_db()
    assert lead.is_advisor


def test_an_applicants_account_cannot_lead(client, staff, applicant):
    client.force_login(staff)
    response = client.post(reverse("admin:applicants_organisation_add"), {
        "name": "X", "first_lead": applicant.user.email,
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert "applicant profile" in response.content.decode()
    assert not Organisation.objects.exists()


def test_staff_opening_an_applicant_is_audited(client, staff, applicant):
    client.force_login(staff)
    client.get(reverse("admin:applicants_applicant_change", args=[applicant.pk]))
    event = AuditEvent.objects.get(action="admin.view")
    assert (event.actor_id, event.subject_applicant_id) == (staff.pk, applicant.pk)
    client.force_login(applicant.user)
    page = client.get(reverse("applicants:records-access")).content.decode()
    assert "(IMG Path admin)" in page


def test_staff_looking_at_a_document_is_audited(client, staff, applicant):
    from tests.factories import CredentialDocumentFactory

    document = CredentialDocumentFactory(applicant=applicant)
    client.force_login(staff)
    client.get(reverse("certification:document-review", args=[document.pk]))
    client.get(reverse("certification:document-review-file", args=[document.pk]))
    assert list(AuditEvent.objects.filter(subject_applicant_id=applicant.pk)
                .order_by("pk").values_list("action", flat=True)) == [
        "document.view", "document.download"]
