"""The only writers of organisations, invitations, consents, assignments and notes; each
change that touches an applicant's file is audited in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .. import audit
from ..models import (
    SHARED,
    Applicant,
    Consent,
    Invitation,
    Membership,
    Note,
    Organisation,
    User,
)
from ..notifications import notify


@transaction.atomic
def create_organisation(*, name: str, lead: User) -> Organisation:
    """Staff (the admin) create an organisation and name its first lead."""
    organisation = Organisation.objects.create(name=name.strip())
    add_member(organisation, lead, role=Membership.Role.LEAD)
    return organisation


def add_member(organisation: Organisation, user: User, *, role: str) -> Membership:
    if hasattr(user, "applicant"):
        raise ValidationError("This account has an applicant profile; an advisor needs an "
                              "account of their own.")
    if not user.is_advisor:
        user.role = User.Role.ADVISOR
        user.save(update_fields=["role"])
    membership, _ = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role})
    return membership


def invite_advisor(membership: Membership, *, email: str) -> Invitation:
    return Invitation.objects.create(organisation=membership.organisation,
                                     kind=Invitation.Kind.ADVISOR, email=email.strip().lower(),
                                     created_by=membership.user)


def invite_applicants(membership: Membership, *, advisor: User | None = None) -> Invitation:
    if advisor is not None and not membership.organisation.memberships.filter(
            user=advisor).exists():
        raise ValidationError({"advisor": "Choose an advisor of your organisation."})
    return Invitation.objects.create(organisation=membership.organisation,
                                     kind=Invitation.Kind.APPLICANT, advisor=advisor,
                                     created_by=membership.user)


@transaction.atomic
def withdraw_invitation(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(withdrawn_at=timezone.now())


@transaction.atomic
def join_team(invitation: Invitation, *, user: User) -> Membership:
    """An advisor accepts the invitation to their organisation's team (once)."""
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True,
                                        withdrawn_at__isnull=True).update(used_at=timezone.now())
    if not claimed:
        raise ValidationError("This invitation has already been used.")
    return add_member(invitation.organisation, user, role=Membership.Role.ADVISOR)


@transaction.atomic
def share(applicant: Applicant, invitation: Invitation, *, request=None) -> Consent:
    """The applicant's explicit consent: their file is shared with the organisation (and
    assigned to the invitation's advisor) until they revoke it."""
    if applicant.consents.active().filter(organisation=invitation.organisation).exists():
        raise ValidationError(f"You already share your file with "
                              f"{invitation.organisation.name}.")
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                applicant=applicant, organisation=invitation.organisation,
                advisor=invitation.advisor, shared=list(SHARED), invitation=invitation)
    except IntegrityError as exc:  # a second tab consented at the same moment
        raise ValidationError(f"You already share your file with "
                              f"{invitation.organisation.name}.") from exc
    audit.record(request, "consent.grant", actor=applicant.user, subject_applicant=applicant,
                 obj=consent, organisation=invitation.organisation)
    return consent


@transaction.atomic
def revoke(consent: Consent, *, by: User, request=None) -> None:
    """Sharing stops: the organisation's next request to the file is refused."""
    done = Consent.objects.filter(pk=consent.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if done:
        audit.record(request, "consent.revoke", actor=by, subject_applicant=consent.applicant_id,
                     obj=consent, organisation=consent.organisation)


@transaction.atomic
def assign(consent: Consent, *, advisor: User | None, by: User, request=None) -> Consent:
    """A lead assigns (or reassigns) the applicant to an advisor of the organisation."""
    org = consent.organisation
    if advisor is not None and not org.memberships.filter(user=advisor).exists():
        raise ValidationError({"advisor": "Choose an advisor of your organisation."})
    before = consent.advisor.email if consent.advisor else ""
    consent.advisor = advisor
    consent.save(update_fields=["advisor"])
    audit.record(request, "assignment.change", actor=by, subject_applicant=consent.applicant_id,
                 obj=consent, organisation=org, before=before,
                 after=advisor.email if advisor else "")
    return consent


@transaction.atomic
def add_note(consent: Consent, *, author: User, text: str, shared: bool,
             request=None) -> Note:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note first."})
    note = Note.objects.create(applicant=consent.applicant, organisation=consent.organisation,
                               author=author, text=text, shared=shared)
    audit.record(request, "note.add", actor=author, subject_applicant=consent.applicant_id,
                 obj=note, organisation=consent.organisation, shared=shared)
    if shared:
        notify(consent.applicant_id, "advisor_note",
               f"{consent.organisation.name} left you a note: {text}",
               reverse("applicants:sharing"))
    return note
