"""What a user may see of credential documents; anything else is a 404.

Advisors see no applicant's documents until caseloads exist.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from applicants.models import Applicant
from applicants.selectors import access_own_applicant

from ..models import CredentialDocument, DocumentEvent, DocumentReview


def _with_history(documents: QuerySet) -> QuerySet:
    return documents.select_related("granting_school").prefetch_related(
        Prefetch("events", queryset=DocumentEvent.objects.select_related("by")),
        Prefetch("reviews", queryset=DocumentReview.objects.select_related("organisation")),
    )


def own_documents(applicant: Applicant) -> QuerySet:
    """The applicant's documents, newest first, each with its history."""
    return _with_history(applicant.documents.all())


def access_own_document(user, pk: int) -> CredentialDocument:
    """One of the signed-in applicant's own documents; 404 for anyone else, staff included."""
    applicant = access_own_applicant(user)
    if applicant is None:
        raise Http404("No applicant profile for this account.")
    documents = CredentialDocument.objects.visible_to(user).filter(applicant=applicant)
    return get_object_or_404(_with_history(documents), pk=pk)


def access_document_for_review(user, pk: int) -> CredentialDocument:
    """Any applicant's document, for staff who verify documents."""
    if not user.sees_applicants:
        raise Http404("Only staff who see applicants review documents.")
    documents = CredentialDocument.objects.visible_to(user).select_related("applicant")
    return get_object_or_404(_with_history(documents), pk=pk)
