import logging
import time
from smtplib import SMTPException

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from .security import log_security_event

# Set on the request when a sign-in is refused for too many failures: the page says so, and
# applicants.middleware answers it with 429 rather than 200.
logger = logging.getLogger(__name__)
LOCKED_OUT = "_imgpath_locked_out"
SIGNUP_STARTED = "_imgpath_signup_started"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Applicants without a profile start with onboarding; everyone else goes home."""
        user = request.user
        if user.is_applicant and not hasattr(user, "applicant"):
            return reverse("applicants:onboarding")
        return super().get_login_redirect_url(request)

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            setattr(request, LOCKED_OUT, True)
            log_security_event("lockout", request=request, email=credentials.get("email", ""))
            raise

    # Sign-up answers in the same time for a known email (allauth mails the owner "you
    # already have an account") and a new one (an account, its rows, the verification
    # email): the password hash is made on both paths, and every sign-up answer waits until
    # SIGNUP_MIN_SECONDS after the request started, so its timing tells nobody the email
    # exists. The floor is above what either path takes.

    def is_open_for_signup(self, request):
        if request.method == "POST" and not hasattr(request, SIGNUP_STARTED):
            setattr(request, SIGNUP_STARTED, time.monotonic())
        return super().is_open_for_signup(request)

    def send_account_already_exists_mail(self, email: str) -> None:
        make_password("an-equal-cost-for-every-sign-up")
        super().send_account_already_exists_mail(email)

    def send_mail(self, template_prefix, email, context):
        """A mail server that is down or hung (EMAIL_TIMEOUT) costs the page the email, not a
        500: the failure is logged, the page answers as if sent (a retry resends it)."""
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, SMTPException):
            logger.exception("Could not send %s to the mail server", template_prefix)

    def respond_email_verification_sent(self, request, user):
        started = getattr(request, SIGNUP_STARTED, None)
        if started is not None:
            time.sleep(max(0.0, started + settings.SIGNUP_MIN_SECONDS - time.monotonic()))
        return super().respond_email_verification_sent(request, user)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any MFA change. An advisor who has
        just signed in and is sent to set up MFA for the first time is not asked again for
        the password typed seconds ago; once MFA is on, every change re-authenticates."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and _first_mfa_set_up_after_sign_in():
            return False
        return required


def _first_mfa_set_up_after_sign_in() -> bool:
    request = allauth_context.request
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False) or is_mfa_enabled(user):
        return False
    records = get_authentication_records(request, user)
    return bool(records) and (
        time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT)
