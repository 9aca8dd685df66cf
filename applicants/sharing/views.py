"""The applicant's sharing pages, the invitation page, and the lead's team page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from ..decorators import applicant_page, role_required
from ..models import SHARED, AuditEvent, Invitation
from ..selectors import access_own_applicant
from . import selectors, services
from .forms import ApplicantInvitationForm, CodeForm, ConsentForm, InviteAdvisorForm

advisor_required = role_required(lambda user: user.is_advisor)


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@applicant_page
def sharing(request, applicant):
    """Who the applicant shares their file with, the notes shared with them, a code box."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("applicants:invitation", code=form.cleaned_data["code"].strip())
    return render(request, "applicants/sharing.html", {
        "applicant": applicant, "consents": selectors.own_consents(applicant), "form": form,
        "shared_items": SHARED})


@applicant_page
def sharing_revoke(request, applicant, pk):
    consent = selectors.access_own_consent(applicant, pk)
    if request.method == "POST":
        services.revoke(consent, by=request.user, request=request)
        messages.success(request, f"{consent.organisation.name} can no longer see your file.")
        return redirect("applicants:sharing")
    return render(request, "applicants/sharing_revoke.html",
                  {"applicant": applicant, "consent": consent})


@applicant_page
def records_access(request, applicant):
    """Who looked at my records: every view, download, export, review and note by others."""
    events = AuditEvent.objects.by_others(applicant)[:200]
    return render(request, "applicants/records_access.html",
                  {"applicant": applicant, "events": events})


@login_required
def invitation(request, code):
    """An invitation link: an applicant sees what would be shared and consents; an
    advisor joins the organisation's team."""
    invitation = selectors.open_invitation(code)
    if invitation.kind == Invitation.Kind.ADVISOR:
        return _join_team(request, invitation)
    applicant = access_own_applicant(request.user)
    if applicant is None:
        messages.info(request, "Tell us about your studies first; then open the invitation "
                               "link again.")
        return redirect("applicants:onboarding")
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.share(applicant, invitation, request=request)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, f"Your file is now shared with "
                                      f"{invitation.organisation.name}.")
            return redirect("applicants:sharing")
    return render(request, "applicants/invitation.html", {
        "applicant": applicant, "invitation": invitation, "form": form,
        "shared_items": SHARED})


def _join_team(request, invitation):
    if request.method == "POST":
        try:
            services.join_team(invitation, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("home")
        messages.success(request, f"You joined {invitation.organisation.name}.")
        return redirect("road:caseload")
    return render(request, "applicants/invitation_team.html", {"invitation": invitation})


@advisor_required
def team(request):
    """The lead's page: the members, invitations for advisors and for applicants."""
    membership = selectors.lead_membership(request.user)
    org = membership.organisation
    invite = InviteAdvisorForm(request.POST if "email" in request.POST else None)
    codes = ApplicantInvitationForm(request.POST if "make_code" in request.POST else None,
                                    organisation=org)
    if request.method == "POST" and invite.is_bound and invite.is_valid():
        services.invite_advisor(membership, **invite.cleaned_data)
        messages.success(request, "Invitation made: send the link below to the advisor.")
        return redirect("applicants:team")
    if request.method == "POST" and codes.is_bound and codes.is_valid():
        try:
            services.invite_applicants(membership, **codes.cleaned_data)
        except ValidationError as exc:
            _errors(codes, exc)
        else:
            messages.success(request, "Code made: give it (or its link) to your applicants.")
            return redirect("applicants:team")
    members, invitations = selectors.team(membership)
    return render(request, "applicants/team.html", {
        "organisation": org, "members": members, "invitations": invitations,
        "invite_form": invite, "code_form": codes})


@advisor_required
def invitation_withdraw(request, pk):
    membership = selectors.lead_membership(request.user)
    invitation = selectors.access_team_invitation(membership, pk)
    if request.method == "POST":
        services.withdraw_invitation(invitation)
        messages.success(request, "The invitation is withdrawn: its link no longer works.")
    return redirect("applicants:team")
