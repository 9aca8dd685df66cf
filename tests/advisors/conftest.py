from dataclasses import dataclass

import pytest

from applicants.models import Consent, Membership, Organisation, User
from tests.conftest import enable_totp
from tests.factories import AdvisorFactory, ConsentFactory, MembershipFactory


@dataclass
class Team:
    organisation: Organisation
    lead: User
    advisor: User

    def share(self, applicant, *, assigned: bool = True) -> Consent:
        return ConsentFactory(applicant=applicant, organisation=self.organisation,
                              advisor=self.advisor if assigned else None)


def make_team(name: str) -> Team:
    lead = MembershipFactory(organisation__name=name, role=Membership.Role.LEAD,
                             user=enable_totp(AdvisorFactory()))
    advisor = MembershipFactory(organisation=lead.organisation,
                                user=enable_totp(AdvisorFactory()))
    return Team(lead.organisation, lead.user, advisor.user)


@pytest.fixture
def team(db):
    return make_team("Lagos IMG Office")


@pytest.fixture
def other_team(db):
    return make_team("Elsewhere Advising")
