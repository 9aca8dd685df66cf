import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse

from config.access_policy import Level, access_for

from .adapters import LOCKED_OUT
from .security import log_security_event
from .selectors import NotAnApplicant
from .sessions import SEEN_AT, SIGNED_IN_AT

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


class LockedOutStatusMiddleware:
    """A sign-in refused for too many failed attempts answers 429 Too Many Requests (the page
    still says why), so clients and monitoring see a lock, not a plain form error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, LOCKED_OUT, False) and response.status_code == 200:
            response.status_code = 429
            response.reason_phrase = "Too Many Requests"
        return response


class SessionTimeoutMiddleware:
    """Signs out after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS
    after signing in, whatever happens in between. The last-seen time is written at most
    once a minute, so reading pages does not write the session on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_SECONDS
            expired = now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS
            if idle or expired:
                log_security_event("session_timeout", request=request,
                                   reason="idle" if idle else "absolute")
                logout(request)
                messages.info(request, "You were signed out after a while without activity. "
                              "Sign in again to carry on.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if now - seen_at >= 60 or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


class StaffViewLogMiddleware:
    """Every staff page (a STAFF route in config/access_policy.py: the admin, the document
    review) opened by staff, as a security event: who looked at whose data is on record."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        access = access_for(match.view_name) if match else None
        if (user is not None and user.is_authenticated and user.is_staff and access
                and access.level is Level.STAFF and response.status_code < 400):
            log_security_event("staff_view", request=request, method=request.method,
                               view=match.view_name, kwargs=match.kwargs)
        return response


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
