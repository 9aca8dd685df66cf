"""What a user may see of organisations, consents and invitations; anything else is 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Applicant, Consent, Invitation, Membership, Note


def memberships(user) -> list[Membership]:
    if not user.is_authenticated or not user.is_advisor:
        return []
    # Ordered by organisation only: the model's order (organisation, user's email) joins the
    # users table for one user's own rows, on every caseload page.
    return list(Membership.objects.filter(user=user).select_related("organisation")
                .order_by("organisation__name", "organisation_id"))


def lead_membership(user) -> Membership:
    """The organisation the user leads (the first, if several); 403 for anyone else."""
    led = [m for m in memberships(user) if m.is_lead]
    if not led:
        raise PermissionDenied("Only an organisation's lead may do this.")
    return led[0]


def access_case(user, applicant_pk: int, member_of: list[Membership] | None = None, *,
                with_people: bool = True) -> Consent:
    """The active consent through which `user` (an advisor) may open this applicant's file,
    with the organisation, and the applicant and the assigned advisor unless `with_people`
    is False (a caller that loads the applicant itself: then only their emails come, as
    `applicant_email` and `advisor_email`, which costs the ORM a fraction of two more
    models); 404 for a file outside their caseload. `member_of`: the user's memberships,
    when read already in this request (with their organisations: the consent's is one)."""
    consents = Consent.objects.caseload_of(user, member_of).filter(applicant_id=applicant_pk)
    organisations = {m.organisation_id: m.organisation for m in member_of or ()}
    if with_people:
        consents = consents.select_related("advisor", "applicant__user")
    else:
        consents = consents.annotate(applicant_email=F("applicant__user__email"),
                                     advisor_email=F("advisor__email"))
    if not organisations:
        consents = consents.select_related("organisation")
    consent = consents.order_by("granted_at", "pk").first()
    if consent is None:
        raise Http404("No such applicant in your caseload.")
    if organisations:  # the caseload is of these organisations: no join to read it again
        consent.organisation = organisations[consent.organisation_id]
    return consent


def open_invitation(code: str) -> Invitation:
    invitation = (Invitation.objects.select_related("organisation", "advisor")
                  .filter(code=code).first())
    if invitation is None or not invitation.open:
        raise Http404("This invitation does not exist or is no longer open.")
    return invitation


def own_consents(applicant: Applicant):
    """The applicant's consents, active first, each with the shared notes of its
    organisation."""
    shared = Note.objects.filter(applicant=applicant, shared=True).select_related("author")
    return (Consent.objects.filter(applicant=applicant)
            .select_related("organisation", "advisor")
            .prefetch_related(Prefetch("organisation__notes", queryset=shared,
                                       to_attr="shared_notes"))
            .order_by("revoked_at", "-granted_at"))


def access_own_consent(applicant: Applicant, pk: int) -> Consent:
    return get_object_or_404(Consent.objects.active().select_related("organisation"),
                             applicant=applicant, pk=pk)


def team(membership: Membership):
    """The lead's organisation: its members, open invitations, and its active consents."""
    org = membership.organisation
    members = list(org.memberships.select_related("user").order_by("role", "user__email"))
    invitations = [i for i in org.invitations.select_related("advisor") if i.open]
    return members, invitations


def access_team_invitation(membership: Membership, pk: int) -> Invitation:
    return get_object_or_404(Invitation, organisation=membership.organisation, pk=pk)
