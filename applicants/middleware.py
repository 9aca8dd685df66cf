from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect, render
from django.urls import reverse

from .selectors import NotAnApplicant

# Account pages (sign-out, MFA set-up, password) stay reachable without MFA; so do the
# token-guarded pages that need no sign-in at all (the calendar feed, unsubscribe).
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/calendar/", "/reminders/unsubscribe/")


class RequireMfaMiddleware:
    """Advisors and staff reach no other page until they have set up MFA.

    allauth makes a user with MFA pass it at every sign-in, so "set up" implies "passed".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_mfa
            and not request.path.startswith(_OPEN_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


# What each part of the applicant's side is for, by URL namespace.
PURPOSE = {
    "road": "an applicant's own dashboard and progress report",
    "certification": "an applicant's own ECFMG records: the file, documents, exams, OET "
                     "and Pathways",
    "residency": "an applicant's own Match records: programs, registration and applications",
    "applicants": "an applicant's own profile, deadlines, reminders and notifications",
}


class NotAnApplicantMiddleware:
    """An advisor or staff member who opens an applicant's page gets a page saying what it
    is for and a link to where they work (403), not a bare 404. A page of one record keeps
    its 404: nobody learns whether someone else's record exists."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = getattr(request, "resolver_match", None)
        if not isinstance(exception, NotAnApplicant) or match is None or match.kwargs:
            return None
        user = request.user
        home = ("admin:index", "the admin") if user.is_staff else (
            "applicants:advisor-home", "your caseload")
        return render(request, "applicants/not_for_you.html", {
            "purpose": PURPOSE.get(match.namespace, "an applicant's own records"),
            "home_url": reverse(home[0]), "home_label": home[1],
        }, status=403)
