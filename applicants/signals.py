import time

from allauth.account.signals import (
    email_confirmed,
    password_changed,
    password_reset,
    user_logged_in,
)
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in as django_user_logged_in
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.dispatch import receiver

from . import devices, welcome
from .security import log_security_event
from .sessions import SEEN_AT, SIGNED_IN_AT


@receiver(email_confirmed)
def send_welcome_on_verification(request, email_address, **kwargs) -> None:
    # The welcome goes to an address the person has shown is theirs, so after verification,
    # not at sign-up. Claimed in the confirming transaction, enqueued after it commits (the
    # worker sees the claim); a broker that is down leaves the claim for the reminder sweep.
    # claim() claims nothing once the welcome is sent (a second address confirmed later).
    user = email_address.user
    token = welcome.claim(user)
    if token:
        transaction.on_commit(lambda: welcome.enqueue(user.pk, token))


@receiver(django_user_logged_in)
def start_session_clock(request, user, **kwargs) -> None:
    """The session timeouts count from here (applicants.middleware.SessionTimeoutMiddleware);
    every sign-in passes Django's login(), allauth's and a test's force_login alike."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = now


# Security events: each goes to applicants.security (the "imgpath.security" logger).


@receiver(user_logged_in)
def on_sign_in(request, user, response, **kwargs) -> None:
    # allauth's signal (every sign-in goes through allauth), which carries the response.
    new_device = devices.note_sign_in(request, response, user)
    log_security_event("login", request=request, user=user, new_device=new_device)


@receiver(user_login_failed)
def on_sign_in_failed(credentials, request=None, **kwargs) -> None:
    # The email tried, never the password (Django already masks it in `credentials`).
    log_security_event("login_failed", request=request, email=credentials.get("email", "")
                       or credentials.get("username", ""))


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def on_mfa_change(request, user, authenticator, signal, **kwargs) -> None:
    change = {authenticator_added: "added", authenticator_removed: "removed",
              authenticator_reset: "reset"}[signal]
    log_security_event("mfa_changed", request=request, user=user, change=change,
                       kind=authenticator.type)


@receiver(password_changed)
@receiver(password_reset)
def on_password_change(request, user, signal, **kwargs) -> None:
    log_security_event("password_changed", request=request, user=user,
                       how="reset" if signal is password_reset else "changed")
