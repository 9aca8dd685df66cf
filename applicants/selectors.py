from django.http import Http404

from core import preload

from .models import Applicant


class NotAnApplicant(Http404):
    """An advisor or staff member on an applicant's page. A page of one record (an id in
    the URL) stays a bare 404; any other says what the page is for and where they work
    (applicants.middleware.NotAnApplicantMiddleware)."""


def access_own_applicant(user) -> Applicant | None:
    """The signed-in applicant's own profile, or None if they have not onboarded.

    Raises 404 for anyone who is not an applicant: they own no profile here.
    """
    return own_applicant_queryset(user).first()


def own_applicant_with(user, records):
    """The signed-in applicant's own profile with `records` (a core.preload spec) on
    `.records`, or None before onboarding: one prepared query on PostgreSQL, its SQL
    compiled once (core.preload.load_own); 404 for anyone who is not an applicant."""
    found = preload.load_own(user, own_applicant_queryset, records)
    return found[0] if found else None


def own_applicant_queryset(user):
    """The signed-in applicant's own profile as a queryset (for a loader that reads it with
    its records); 404 for anyone who is not an applicant."""
    if not user.is_authenticated or not user.is_applicant:
        raise NotAnApplicant("No applicant profile for this account.")
    return Applicant.objects.visible_to(user).filter(user=user)
