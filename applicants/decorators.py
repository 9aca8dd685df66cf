"""Who may open a page: decorators for the views of every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .selectors import access_own_applicant


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


def applicant_page(view):
    """Signed-in applicants only; the view receives their profile after the request."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        applicant = access_own_applicant(request.user)  # 404 for advisors and staff
        if applicant is None:
            return redirect("applicants:onboarding")
        return view(request, applicant, *args, **kwargs)

    return wrapped
