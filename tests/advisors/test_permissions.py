"""The advisor permission matrix (acceptance): every advisor URL × every kind of visitor.
Files outside one's caseload answer 404, not 403."""

import pytest
from django.urls import reverse

from applicants.models import Invitation
from applicants.sharing import services
from tests.advisors.conftest import make_team
from tests.conftest import enable_totp
from tests.factories import (
    AdvisorFactory,
    ApplicantFactory,
    CredentialDocumentFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "applicant_in_caseload", "applicant_outside", "advisor",
          "other_advisor", "other_lead", "lead", "advisor_without_mfa", "staff"]
LOGIN, MFA = "login", "mfa"
OK, BACK = 200, 302  # BACK: a POST-only route sends a GET back to its page
# Per route: what each signed-in, MFA-holding advisor role gets (the others are the same
# for every route: anonymous to sign in, applicants and staff 403, no MFA to set it up).
ROUTES = {
    "applicants:advisor-home": {"advisor": BACK, "other_advisor": BACK, "other_lead": BACK,
                                "lead": BACK},
    "road:caseload": {"advisor": OK, "other_advisor": OK, "other_lead": OK, "lead": OK},
    "road:caseload-export": {"advisor": OK, "other_advisor": OK, "other_lead": OK, "lead": OK},
    "road:caseload-filter-save": {"advisor": BACK, "other_advisor": BACK, "other_lead": BACK,
                                  "lead": BACK},
    "road:caseload-filter-delete": {"advisor": BACK, "other_advisor": BACK,
                                    "other_lead": BACK, "lead": BACK},
    "road:advisor-file": {"advisor": OK, "other_advisor": 404, "other_lead": 404, "lead": OK},
    "road:advisor-note": {"advisor": BACK, "other_advisor": 404, "other_lead": 404,
                          "lead": BACK},
    "road:advisor-assign": {"advisor": 403, "other_advisor": 404, "other_lead": 404,
                            "lead": OK},
    "road:advisor-document": {"advisor": OK, "other_advisor": 404, "other_lead": 404,
                              "lead": OK},
    "road:advisor-document-download": {"advisor": OK, "other_advisor": 404,
                                       "other_lead": 404, "lead": OK},
    "applicants:team": {"advisor": 403, "other_advisor": 403, "other_lead": OK, "lead": OK},
    "applicants:invitation-withdraw": {"advisor": 403, "other_advisor": 403,
                                       "other_lead": 404, "lead": BACK},
}


@pytest.fixture
def world(db):
    team, other = make_team("Home Office"), make_team("Other Office")
    applicant = ApplicantFactory(legal_name="Shared Applicant")
    team.share(applicant)
    document = CredentialDocumentFactory(applicant=applicant)
    invitation = services.invite_applicants(team.organisation.memberships.get(user=team.lead))
    return {
        "team": team, "applicant": applicant, "document": document, "invitation": invitation,
        "users": {
            "anonymous": None, "applicant_in_caseload": applicant.user,
            "applicant_outside": ApplicantFactory().user, "advisor": team.advisor,
            "other_advisor": other.advisor, "other_lead": other.lead, "lead": team.lead,
            "advisor_without_mfa": team.organisation.memberships.create(
                user=AdvisorFactory()).user,
            "staff": enable_totp(StaffFactory()),
        },
    }


def _url(name, world) -> str:
    kwargs = {}
    if name.startswith("road:advisor-"):
        kwargs["pk"] = world["applicant"].pk
    if "document" in name:
        kwargs["doc"] = world["document"].pk
    if name == "applicants:invitation-withdraw":
        kwargs["pk"] = world["invitation"].pk
    if name == "road:caseload-filter-delete":
        kwargs["pk"] = 1
    return reverse(name, kwargs=kwargs)


def _expected(name, actor):
    if actor == "anonymous":
        return LOGIN
    if actor == "advisor_without_mfa":
        return MFA
    if actor in {"applicant_in_caseload", "applicant_outside", "staff"}:
        return 403
    return ROUTES[name][actor]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", list(ROUTES))
def test_permission_matrix(client, world, name, actor):
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    response = client.get(_url(name, world))
    expected = _expected(name, actor)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == MFA:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    else:
        assert response.status_code == expected, f"{name} as {actor}"
    if actor.startswith("other_") and response.status_code == 200:
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        assert b"Shared Applicant" not in body


def test_every_advisor_route_is_in_the_matrix():
    from config.access_policy import POLICY, Level

    advisor_levels = {Level.ADVISOR, Level.ADVISOR_CASE, Level.LEAD}
    assert {n for n, a in POLICY.items() if a.level in advisor_levels} == set(ROUTES)


def test_posting_as_the_lead_assigns(client, world):
    team = world["team"]
    client.force_login(team.lead)
    response = client.post(_url("road:advisor-assign", world), {"advisor": team.lead.pk})
    assert response.status_code == 302
    assert world["applicant"].consents.get().advisor == team.lead
    assert Invitation.objects.filter(withdrawn_at__isnull=True).count() == 1
