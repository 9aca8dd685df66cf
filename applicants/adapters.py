import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.utils import is_mfa_enabled
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Applicants without a profile start with onboarding; everyone else goes home."""
        user = request.user
        if user.is_applicant and not hasattr(user, "applicant"):
            return reverse("applicants:onboarding")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any MFA change. An advisor who has
        just signed in and is sent to set up MFA for the first time is not asked again for
        the password typed seconds ago; once MFA is on, every change re-authenticates."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and _first_mfa_set_up_after_sign_in():
            return False
        return required


def _first_mfa_set_up_after_sign_in() -> bool:
    request = context.request
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False) or is_mfa_enabled(user):
        return False
    records = get_authentication_records(request, user)
    return bool(records) and (
        time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT)
