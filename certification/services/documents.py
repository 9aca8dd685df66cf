"""Credential documents: the only writers of documents, their files and their history.

A file is checked by its content before anything is stored. It is written to storage
before its row, and removed again if the row is not saved: a row whose file is missing
would be worse than a stray file. (If a caller's outer transaction rolls back after this
service returns, the file stays behind; no caller here wraps these services.)
Every change of state writes a DocumentEvent and refreshes the applicant's progress in
the same transaction.
"""

from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse

from applicants import audit
from applicants.models import Applicant, Organisation
from applicants.notifications import notify
from core import clock, road
from directory.models import MedicalSchool

from ..models import CredentialDocument, DocumentEvent, DocumentReview
from ..uploads import CheckedFile, check_upload

State = CredentialDocument.State
ANSWERS = (State.VERIFIED, State.REJECTED)

# What the applicant may move a document to, from where. They send it to ECFMG and record
# ECFMG's answer themselves; staff and advisors only check the upload (DocumentReview).
# Anything not listed is refused.
MOVES = {
    (State.UPLOADED, State.SENT),
    (State.RESUBMITTED, State.SENT),
    (State.REJECTED, State.RESUBMITTED),  # with a replacement file
    (State.SENT, State.VERIFIED),
    (State.SENT, State.REJECTED),
    (State.RESUBMITTED, State.VERIFIED),
    (State.RESUBMITTED, State.REJECTED),
}
AWAITING_ANSWER = {State.SENT, State.RESUBMITTED}


def check_move(document: CredentialDocument, *, to: str, by) -> None:
    """ValidationError, in words the person can act on, unless `by` may make this move."""
    if (document.state, to) not in MOVES:
        raise ValidationError(
            f"This document is “{document.get_state_display()}”; it cannot be marked "
            f"“{State(to).label}”."
        )
    if by.pk != document.applicant.user_id:
        raise ValidationError("Only the applicant can send a document, replace it or record "
                              "ECFMG's answer about it.")


def check_quota(applicant: Applicant, *, adding: int, files: int = 1) -> None:
    """ValidationError at the file field unless the applicant's documents, with `files` more
    of `adding` bytes, stay within DOCUMENT_QUOTA_FILES and DOCUMENT_QUOTA_BYTES.

    Locks the applicant's row, so two uploads at once cannot both take the last room.
    """
    Applicant.objects.select_for_update().filter(pk=applicant.pk).first()
    kept = CredentialDocument.objects.filter(applicant=applicant).aggregate(
        count=Count("pk"), size=Sum("size", default=0))
    if files and kept["count"] + files > settings.DOCUMENT_QUOTA_FILES:
        raise ValidationError({"file": [
            f"You already keep {kept['count']} documents, the most we hold for one person. "
            "Delete one you no longer need, then upload this one."]})
    if kept["size"] + adding > settings.DOCUMENT_QUOTA_BYTES:
        limit = round(settings.DOCUMENT_QUOTA_BYTES / (1024 * 1024))
        raise ValidationError({"file": [
            f"Your documents would take more than the {limit} MB we hold for one person. "
            "Delete one you no longer need (or upload a smaller scan), then try again."]})


def upload_document(
    *, applicant: Applicant, by, type: str, file, title: str = "",
    credit_years=None, granting_school: MedicalSchool | None = None, transferred: bool = False,
) -> CredentialDocument:
    checked = check_upload(file, max_bytes=settings.DOCUMENT_MAX_BYTES)
    transcript = type == CredentialDocument.Type.FINAL_TRANSCRIPT
    document = CredentialDocument(
        applicant=applicant, type=type, title=title.strip(), state=State.UPLOADED,
        state_changed_on=clock.today(),
        credit_years=credit_years if transcript else None,
        granting_school=granting_school if transcript else None,
        transferred=bool(transferred and transcript),
    )
    _describe(document, checked)
    document.clean_fields(exclude=["file"])
    with _stored(document, checked.content) as name, transaction.atomic():
        check_quota(applicant, adding=checked.size)
        document.file.name = name
        document.save()
        _record(document, from_state="", by=by)
        road.refresh(applicant.pk)
    return document


@transaction.atomic
def update_document_details(document: CredentialDocument, *, title: str = "",
                            credit_years=None, granting_school: MedicalSchool | None = None,
                            transferred: bool = False) -> CredentialDocument:
    """A document's name and a transcript's credit years, school and transfer, corrected
    in place (the file and its verification state stay as they are)."""
    document = _locked(document)
    document.title = title.strip()
    if document.type == CredentialDocument.Type.FINAL_TRANSCRIPT:
        document.credit_years = credit_years
        document.granting_school = granting_school
        document.transferred = bool(transferred)
    document.clean_fields(exclude=["file"])
    document.save(update_fields=["title", "credit_years", "granting_school", "transferred"])
    road.refresh(document.applicant_id)
    return document


def resubmit_document(document: CredentialDocument, *, by, file) -> CredentialDocument:
    """A replacement file for a rejected document; the old file goes once this commits."""
    checked = check_upload(file, max_bytes=settings.DOCUMENT_MAX_BYTES)
    with _stored(document, checked.content) as name, transaction.atomic():
        document = _locked(document)
        check_move(document, to=State.RESUBMITTED, by=by)
        check_quota(document.applicant, adding=checked.size - document.size, files=0)
        transaction.on_commit(partial(document.file.storage.delete, document.file.name))
        document.file.name = name
        _describe(document, checked)
        _move(document, to=State.RESUBMITTED, by=by)
    return document


@transaction.atomic
def send_document(document: CredentialDocument, *, by) -> CredentialDocument:
    """The applicant has sent the document to ECFMG for verification."""
    document = _locked(document)
    check_move(document, to=State.SENT, by=by)
    _move(document, to=State.SENT, by=by)
    return document


def check_answer(document: CredentialDocument, *, answer: str, answered_on, reason: str,
                 today) -> dict[str, list[str]]:
    """Every problem with an answer the applicant records, by field (empty: none)."""
    errors: dict[str, list[str]] = {}
    if answer not in ANSWERS:
        errors["answer"] = ["Choose what ECFMG answered: verified or rejected."]
    if answered_on is None:
        errors["answered_on"] = ["Enter the date of ECFMG's answer (it is in the email or "
                                 "on MyIntealth)."]
    elif answered_on > today:
        errors["answered_on"] = [f"{answered_on} is in the future: record ECFMG's answer once "
                                 "it has come."]
    elif document.state_changed_on and answered_on < document.state_changed_on:
        errors["answered_on"] = [f"You marked it sent on {document.state_changed_on}; ECFMG's "
                                 "answer can't be earlier. Check the date."]
    if answer == State.REJECTED and not reason.strip():
        errors["reason"] = ["Write the reason ECFMG gave: it says what to fix before you "
                            "send the document again."]
    return errors


@transaction.atomic
def record_ecfmg_answer(document: CredentialDocument, *, by, answer: str, answered_on,
                        reason: str = "") -> CredentialDocument:
    """The applicant records what ECFMG answered about a document they sent: verified, or
    rejected with the reason ECFMG gave, on the date ECFMG answered."""
    document = _locked(document)
    try:
        check_move(document, to=answer if answer in ANSWERS else State.VERIFIED, by=by)
    except ValidationError as exc:  # said above the form, not at a field
        raise ValidationError({NON_FIELD_ERRORS: exc.messages}) from None
    errors = check_answer(document, answer=answer, answered_on=answered_on, reason=reason,
                          today=clock.recorded_today())
    if errors:
        raise ValidationError(errors)
    document.ecfmg_answered_on = answered_on
    reason = reason.strip() if answer == State.REJECTED else ""
    _move(document, to=answer, by=by, reason=reason)
    return document


# An advisor reviews a document before the applicant sends it to ECFMG.
REVIEWABLE = {State.UPLOADED, State.RESUBMITTED}
Verdict = DocumentReview.Verdict


@transaction.atomic
def advisor_review(document: CredentialDocument, *, organisation: Organisation, by,
                   verdict: str, reason: str = "", request=None) -> DocumentReview:
    """An advisor's review (looks right / needs changes, with the reason the applicant
    reads): recorded, audited, shown on the applicant's dashboard as their next action and
    sent to their notifications. ECFMG's own verification is not touched."""
    document = _locked(document)
    reason = reason.strip()
    if document.state not in REVIEWABLE:
        raise ValidationError("This document is already with ECFMG "
                              f"(“{document.get_state_display()}”): there is nothing to review "
                              "before it is sent.")
    if verdict == Verdict.NEEDS_CHANGES and not reason:
        raise ValidationError({"reason": "Say what needs to change: the applicant reads this."})
    review = DocumentReview.objects.create(document=document, organisation=organisation,
                                           reviewer=by, verdict=verdict, reason=reason)
    document.advisor_request = reason if verdict == Verdict.NEEDS_CHANGES else ""
    document.save(update_fields=["advisor_request"])
    road.refresh(document.applicant_id)
    audit.record(request, "document.review", actor=by, subject_applicant=document.applicant_id,
                 obj=document, organisation=organisation, verdict=verdict)
    name = str(document)
    text = (f"{organisation.name} asked for changes to your {name}: {reason}"
            if verdict == Verdict.NEEDS_CHANGES else f"{organisation.name}: your {name} looks "
            "right to send.")
    notify(document.applicant_id, "document_review", text,
           reverse("certification:document-detail", kwargs={"pk": document.pk}))
    return review


@transaction.atomic
def staff_check(document: CredentialDocument, *, by, verdict: str, reason: str = "",
                request=None) -> DocumentReview:
    """IMG Path staff's own check of an upload (readable, the right document), at any state:
    recorded, audited and sent to the applicant's notifications. It never sets ECFMG's
    answer, nor what the checklist says of the document."""
    if not by.sees_applicants:
        raise ValidationError("Only staff check an applicant's upload here.")
    reason = reason.strip()
    if verdict == Verdict.NEEDS_CHANGES and not reason:
        raise ValidationError({"reason": "Say what is wrong with the upload: the applicant "
                                         "reads this."})
    review = DocumentReview.objects.create(document=document, organisation=None, reviewer=by,
                                           verdict=verdict, reason=reason)
    audit.record(request, "document.review", actor=by, subject_applicant=document.applicant_id,
                 obj=document, verdict=verdict)
    name = str(document)
    text = (f"IMG Path staff checked your {name}: please upload it again. {reason}"
            if verdict == Verdict.NEEDS_CHANGES else
            f"IMG Path staff checked your {name}: the file is readable and the right document.")
    notify(document.applicant_id, "document_review", text,
           reverse("certification:document-detail", kwargs={"pk": document.pk}))
    return review


@transaction.atomic
def delete_document(document: CredentialDocument, *, by) -> None:
    """The applicant removes a document; its file goes once this commits."""
    document = _locked(document)
    if by.pk != document.applicant.user_id:
        raise ValidationError("Only the applicant can delete their document.")
    name, storage = document.file.name, document.file.storage
    document.delete()
    road.refresh(document.applicant_id)
    transaction.on_commit(partial(storage.delete, name))


def _locked(document: CredentialDocument) -> CredentialDocument:
    return (CredentialDocument.objects.select_for_update(of=("self",))
            .select_related("applicant").get(pk=document.pk))


def _describe(document: CredentialDocument, checked: CheckedFile) -> None:
    # The type comes from the sniffed content; the uploader's name is for display only.
    document.original_name = checked.display_name
    document.content_type = checked.content_type
    document.size = checked.size
    document.sha256 = checked.sha256


@contextmanager
def _stored(document: CredentialDocument, file):
    """Write the file under a server-made name; remove it if the block then fails."""
    field = document.file.field
    name = field.storage.save(field.generate_filename(document, "upload"), file,
                              max_length=field.max_length)
    try:
        yield name
    except BaseException:
        field.storage.delete(name)
        raise


def _move(document: CredentialDocument, *, to: str, by, reason: str = "") -> None:
    from_state = document.state
    document.state = to
    document.state_changed_on = clock.today()
    document.rejection_reason = reason if to == State.REJECTED else ""
    if to == State.SENT:  # sent as it is: the advisor's request is answered or set aside
        document.advisor_request = ""
    document.save()
    _record(document, from_state=from_state, by=by, reason=reason)
    road.refresh(document.applicant_id)


def _record(document: CredentialDocument, *, from_state: str, by, reason: str = "") -> None:
    DocumentEvent.objects.create(document=document, from_state=from_state,
                                 to_state=document.state, reason=reason, by=by)
