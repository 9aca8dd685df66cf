"""Who may open a page: decorators for the views of every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from core import preload

from .selectors import access_own_applicant, own_applicant_with


def role_required(check):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def applicant_page(view=None, *, records: preload.Spec | None = None):
    """Signed-in applicants only; the view receives their profile after the request.
    `records` (a core.preload spec): the profile comes with those records on `.records`,
    read in the same query (`@applicant_page(records=FIT_RECORDS)`)."""
    if view is None:
        return lambda page: applicant_page(page, records=records)

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        applicant = (access_own_applicant(request.user) if records is None  # 404 for advisors
                     else own_applicant_with(request.user, records))  # and staff
        if applicant is None:
            return redirect("applicants:onboarding")
        return view(request, applicant, *args, **kwargs)

    return wrapped
