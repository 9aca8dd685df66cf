"""Invitations, explicit consent, revocation (point 1): what the applicant sees and what
the organisation's advisors may then open."""

import pytest
from django.urls import reverse

from applicants.models import SHARED, AuditEvent, Consent, Invitation, Membership, User
from applicants.sharing import services
from tests.factories import ApplicantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(team):
    lead = team.organisation.memberships.get(user=team.lead)
    return services.invite_applicants(lead, advisor=team.advisor).code


def test_the_applicant_sees_what_is_shared_and_must_agree(client, applicant, code, team):
    client.force_login(applicant.user)
    page = client.get(reverse("applicants:invitation", args=[code])).content.decode()
    assert team.organisation.name in page
    for item in SHARED:
        assert item.split(":")[0] in page
    refused = client.post(reverse("applicants:invitation", args=[code]), {})
    assert "Tick the box to agree" in refused.content.decode()
    assert not Consent.objects.exists()

    response = client.post(reverse("applicants:invitation", args=[code]), {"agree": "on"})
    assert response.status_code == 302
    consent = Consent.objects.get(applicant=applicant)
    assert (consent.organisation, consent.advisor, consent.shared) == (
        team.organisation, team.advisor, list(SHARED))
    assert AuditEvent.objects.filter(action="consent.grant",
                                     subject_applicant_id=applicant.pk).count() == 1
    sharing = client.get(reverse("applicants:sharing")).content.decode()
    assert team.organisation.name in sharing and team.advisor.email in sharing


def test_the_code_box_leads_to_the_invitation(client, applicant, code):
    client.force_login(applicant.user)
    response = client.post(reverse("applicants:sharing"), {"code": code})
    assert response["Location"] == reverse("applicants:invitation", args=[code])


def test_sharing_twice_with_one_organisation_is_refused(client, applicant, code, team):
    team.share(applicant)
    client.force_login(applicant.user)
    response = client.post(reverse("applicants:invitation", args=[code]), {"agree": "on"})
    assert "already share your file" in response.content.decode()
    assert Consent.objects.filter(applicant=applicant).count() == 1


def test_an_applicant_may_share_with_two_organisations(applicant, team, other_team):
    team.share(applicant)
    other_team.share(applicant)
    client_a = User.objects.get(pk=team.advisor.pk)
    assert list(applicant.__class__.objects.visible_to(client_a)) == [applicant]
    assert list(applicant.__class__.objects.visible_to(other_team.advisor)) == [applicant]


def test_revocation_hides_the_file_list_and_csv_at_the_next_request(client, applicant, team):
    consent = team.share(applicant)
    client.force_login(team.advisor)
    file_url = reverse("road:advisor-file", args=[applicant.pk])
    assert client.get(file_url).status_code == 200
    assert applicant.legal_name in client.get(reverse("road:caseload")).content.decode()

    services.revoke(consent, by=applicant.user)

    assert client.get(file_url).status_code == 404
    assert applicant.legal_name not in client.get(reverse("road:caseload")).content.decode()
    csv = b"".join(client.get(reverse("road:caseload-export")).streaming_content).decode()
    assert applicant.legal_name not in csv
    assert AuditEvent.objects.filter(action="consent.revoke").count() == 1


def test_the_applicant_revokes_from_their_sharing_page(client, applicant, team):
    consent = team.share(applicant)
    client.force_login(applicant.user)
    url = reverse("applicants:sharing-revoke", args=[consent.pk])
    assert "can no longer" not in client.get(url).content.decode()
    client.post(url)
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert client.get(url).status_code == 404  # nothing left to stop


def test_a_lead_invites_an_advisor_who_joins_by_the_link(client, team):
    client.force_login(team.lead)
    client.post(reverse("applicants:team"), {"email": "new.advisor@example.com"})
    invitation = Invitation.objects.get(kind=Invitation.Kind.ADVISOR)
    page = client.get(reverse("applicants:team")).content.decode()
    assert invitation.code in page

    newcomer = UserFactory(email="new.advisor@example.com")
    client.force_login(newcomer)
    url = reverse("applicants:invitation", args=[invitation.code])
    assert team.organisation.name in client.get(url).content.decode()
    client.post(url)
    newcomer.refresh_from_db()
    assert newcomer.is_advisor
    assert Membership.objects.filter(user=newcomer, organisation=team.organisation,
                                     role=Membership.Role.ADVISOR).exists()
    assert not Invitation.objects.get(pk=invitation.pk).open  # used once
    # Advisors reach nothing but the MFA set-up until they have it.
    assert client.get(reverse("road:caseload"))["Location"].startswith(
        reverse("mfa_activate_totp"))


def test_an_advisor_who_is_no_lead_cannot_manage_the_team(client, team):
    client.force_login(team.advisor)
    assert client.get(reverse("applicants:team")).status_code == 403


def test_who_looked_at_my_records(client, applicant, team):
    team.share(applicant)
    advisor = team.advisor
    staff_like = ApplicantFactory()  # someone else's file: not on this page
    client.force_login(advisor)
    client.get(reverse("road:advisor-file", args=[applicant.pk]))
    client.force_login(applicant.user)
    page = client.get(reverse("applicants:records-access")).content.decode()
    assert advisor.email in page and "Opened your file" in page
    assert team.organisation.name in page
    assert staff_like.legal_name not in page
