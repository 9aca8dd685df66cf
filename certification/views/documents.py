"""Credential documents: the applicant's own pages (upload, send, ECFMG's answer), and the
staff page that checks an upload (never ECFMG's answer, which is the applicant's to record)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from applicants import audit
from applicants.decorators import role_required
from applicants.selectors import access_own_applicant
from core.forms import saved

from ..downloads import document_response as _file_response
from ..forms.documents import (
    DocumentDetailsForm,
    DocumentUploadForm,
    EcfmgAnswerForm,
    ReplacementForm,
    StaffCheckForm,
)
from ..models import CredentialDocument
from ..selectors import documents as selectors
from ..services import documents as services

State = CredentialDocument.State
staff_required = role_required(lambda user: user.sees_applicants)


def _run(form, action):
    """The service's result; its ValidationError is shown on the form instead (None)."""
    try:
        return action()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def _run_with_message(request, action, success: str) -> None:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@login_required
def document_list(request):
    applicant = access_own_applicant(request.user)
    if applicant is None:
        return redirect("applicants:onboarding")
    documents = selectors.own_documents(applicant)
    return render(request, "certification/documents/list.html",
                  {"applicant": applicant, "documents": documents})


@login_required
def document_upload(request):
    applicant = access_own_applicant(request.user)
    if applicant is None:
        return redirect("applicants:onboarding")
    form = DocumentUploadForm(request.POST or None, request.FILES or None, applicant=applicant)
    if request.method == "POST" and form.is_valid():
        document = _run(form, lambda: services.upload_document(
            applicant=applicant, by=request.user, **form.cleaned_data))
        if document:
            messages.success(request, f"“{document}” is uploaded.")
            return redirect("certification:document-detail", pk=document.pk)
    return render(request, "certification/documents/upload.html",
                  {"applicant": applicant, "form": form})


@login_required
def document_detail(request, pk):
    document = selectors.access_own_document(request.user, pk)
    return render(request, "certification/documents/detail.html", {"document": document})


@login_required
def document_download(request, pk):
    return _file_response(selectors.access_own_document(request.user, pk))


@login_required
def document_send(request, pk):
    document = selectors.access_own_document(request.user, pk)
    if request.method == "POST":
        _run_with_message(request, lambda: services.send_document(document, by=request.user),
                          "Marked as sent to ECFMG for verification.")
    return redirect("certification:document-detail", pk=document.pk)


@login_required
def document_resubmit(request, pk):
    document = selectors.access_own_document(request.user, pk)
    if document.state != State.REJECTED and request.method != "POST":
        messages.info(request, "Only a rejected document can be replaced.")
        return redirect("certification:document-detail", pk=document.pk)
    form = ReplacementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _run(
        form, lambda: services.resubmit_document(document, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "The replacement is uploaded and marked re-submitted.")
        return redirect("certification:document-detail", pk=document.pk)
    return render(request, "certification/documents/resubmit.html",
                  {"document": document, "form": form})


@login_required
def document_delete(request, pk):
    document = selectors.access_own_document(request.user, pk)
    if request.method == "POST":
        services.delete_document(document, by=request.user)
        messages.success(request, f"“{document}” is deleted.")
        return redirect("certification:documents")
    return render(request, "certification/documents/delete.html", {"document": document})


@login_required
def document_answer(request, pk):
    """The applicant records ECFMG's answer about a document they sent."""
    document = selectors.access_own_document(request.user, pk)
    if document.state not in services.AWAITING_ANSWER and request.method != "POST":
        messages.info(request, "ECFMG's answer is recorded once you have sent the document "
                      "for verification.")
        return redirect("certification:document-detail", pk=document.pk)
    form = EcfmgAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and saved(form, lambda data: services.record_ecfmg_answer(
            document, by=request.user, **data)):
        messages.success(request, "ECFMG's answer is recorded.")
        return redirect("certification:document-detail", pk=document.pk)
    return render(request, "certification/documents/answer.html",
                  {"document": document, "form": form})


@staff_required
def document_review(request, pk):
    """Staff check an upload (readable, the right document); ECFMG's answer is not theirs."""
    document = selectors.access_document_for_review(request.user, pk)
    if request.method != "POST":  # staff looking at an applicant's document: audited
        audit.record(request, "document.view", actor=request.user,
                     subject_applicant=document.applicant_id, obj=document)
    form = StaffCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and saved(form, lambda data: services.staff_check(
            document, by=request.user, request=request, **data)):
        messages.success(request, "Your check is recorded and the applicant is told.")
        return redirect("certification:document-review", pk=document.pk)
    return render(request, "certification/documents/review.html",
                  {"document": document, "form": form})


@staff_required
def document_review_file(request, pk):
    document = selectors.access_document_for_review(request.user, pk)
    audit.record(request, "document.download", actor=request.user,
                 subject_applicant=document.applicant_id, obj=document)
    return _file_response(document)


@login_required
def document_edit(request, pk):
    """Correct a document's name or a transcript's credit years without a new upload."""
    document = selectors.access_own_document(request.user, pk)
    initial = {"title": document.title, "credit_years": document.credit_years,
               "granting_school": document.granting_school_id,
               "transferred": document.transferred}
    form = DocumentDetailsForm(request.POST or None, initial=initial, document=document)
    if request.method == "POST" and form.is_valid() and _run(
            form, lambda: services.update_document_details(document, **form.cleaned_data)):
        messages.success(request, f"“{document}” is updated.")
        return redirect("certification:document-detail", pk=document.pk)
    return render(request, "certification/documents/edit.html",
                  {"document": document, "form": form})
