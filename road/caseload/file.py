"""The applicant's file for an advisor: their dashboard read-only, their documents (view,
download, review), the organisation's notes, and the lead's assignment. Every look is
audited; a file outside the advisor's caseload is a 404."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from applicants import audit
from applicants.models import Applicant, Note
from applicants.sharing import services as sharing
from applicants.sharing.forms import AssignForm, NoteForm
from applicants.sharing.selectors import access_case, memberships
from certification.downloads import document_response
from certification.models import CredentialDocument, DocumentEvent, DocumentReview
from certification.services.documents import REVIEWABLE, advisor_review
from core import preload

from ..dashboard import fragments
from ..dashboard.data import DASHBOARD_RECORDS, build
from .forms import AdvisorReviewForm
from .views import advisor_page


def _is_lead(member_of, consent) -> bool:
    """Whether the user (whose memberships these are) leads the consent's organisation."""
    return any(m.is_lead and m.organisation_id == consent.organisation_id for m in member_of)


def _documents(user, applicant_pk: int):
    return (CredentialDocument.objects.visible_to(user).filter(applicant_id=applicant_pk)
            .prefetch_related(Prefetch("events", queryset=DocumentEvent.objects.select_related(
                "by")), Prefetch("reviews", queryset=DocumentReview.objects.select_related(
                    "reviewer", "organisation"))))


def _read_only(items):
    """Lines and deadlines without their links: those are the applicant's own pages."""
    return [replace(item, url=None) for item in items]


def _document_links(applicant) -> list[tuple[int, str, str, bool]]:
    """(id, name, state in words, changes asked) of each document, from the file's loaded
    records (read through the same caseload permission as the file itself)."""
    return [(d.id, d.title or CredentialDocument.Type(d.type).label,
             CredentialDocument.State(d.state).label, bool(d.advisor_request))
            for d in applicant.records.documents]


@advisor_page
def file_page(request, pk):
    return _file(request, pk, NoteForm())


def _file(request, pk, note_form: NoteForm):
    """The file page, with `note_form` (blank, or a note that did not save, with its errors
    next to its field and its text kept)."""
    member_of = memberships(request.user)
    consent = access_case(request.user, pk, member_of, with_people=False)
    applicant = preload.load_one(Applicant, consent.applicant_id, DASHBOARD_RECORDS)
    board = build(applicant)
    audit.record(request, "file.view", actor=request.user, subject_applicant=applicant,
                 obj=applicant, organisation=consent.organisation)
    lead = _is_lead(member_of, consent)
    return render(request, "road/advisor_file.html", {
        "consent": consent, "applicant": applicant, "board": board,
        "bars": fragments.progress_bars([b for b in (board.certificate, board.match) if b]),
        "checklist": [(key, title, fragments.checklist_items(_read_only(lines)))
                      for key, title, lines in board.groups],
        "deadlines": fragments.deadline_items(_read_only(board.deadlines)),
        "documents": _document_links(applicant),
        "notes": Note.objects.for_file(request.user, applicant, member_of)
        .select_related("author"),
        "note_form": note_form, "is_lead": lead,
        "assign_form": AssignForm(organisation=consent.organisation,
                                  initial={"advisor": consent.advisor_id}) if lead else None,
    })


def _document(request, pk: int, doc: int):
    consent = access_case(request.user, pk)
    return consent, get_object_or_404(_documents(request.user, pk), pk=doc)


@advisor_page
def document_page(request, pk, doc):
    consent, document = _document(request, pk, doc)
    form = AdvisorReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            advisor_review(document, organisation=consent.organisation, by=request.user,
                           request=request, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(field, errors)
        else:
            messages.success(request, "Your review is recorded and the applicant is told.")
            return redirect("road:advisor-document", pk=pk, doc=doc)
    if request.method != "POST":  # one audit row per look; a review is audited as a review
        audit.record(request, "document.view", actor=request.user, subject_applicant=pk,
                     obj=document, organisation=consent.organisation)
    return render(request, "road/advisor_document.html", {
        "consent": consent, "document": document, "form": form,
        "reviewable": document.state in REVIEWABLE})


@advisor_page
def document_download(request, pk, doc):
    consent, document = _document(request, pk, doc)
    audit.record(request, "document.download", actor=request.user, subject_applicant=pk,
                 obj=document, organisation=consent.organisation)
    return document_response(document)


@advisor_page
def note_add(request, pk):
    consent = access_case(request.user, pk)
    if request.method == "POST":
        form = NoteForm(request.POST)
        if not form.is_valid():
            return _file(request, pk, form)
        sharing.add_note(consent, author=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Note saved." if not form.cleaned_data["shared"]
                         else "Note saved and shared with the applicant.")
    return redirect("road:advisor-file", pk=pk)


@advisor_page
def assign(request, pk):
    member_of = memberships(request.user)
    consent = access_case(request.user, pk, member_of)
    if not _is_lead(member_of, consent):
        raise PermissionDenied("Only the organisation's lead assigns applicants.")
    if request.method == "POST":
        form = AssignForm(request.POST, organisation=consent.organisation)
        if form.is_valid():
            sharing.assign(consent, advisor=form.cleaned_data["advisor"], by=request.user,
                           request=request)
            messages.success(request, "The assignment is saved.")
        else:
            messages.error(request, "Choose an advisor of your organisation.")
        return redirect("road:advisor-file", pk=pk)
    return render(request, "road/advisor_assign.html", {
        "consent": consent,
        "form": AssignForm(organisation=consent.organisation,
                           initial={"advisor": consent.advisor_id})})
