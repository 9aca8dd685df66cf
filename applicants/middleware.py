from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse

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
