"""A sign-in from a browser that has not signed in to this account before gets an email.

The browser keeps a signed cookie listing the accounts that signed in on it (ids only); a
sign-in whose account is not on the list is from a new device.
"""

from django.conf import settings
from django.core import signing

from . import emails

COOKIE = "__Host-imgpath-device" if settings.SESSION_COOKIE_SECURE else "imgpath-device"
SALT = "applicants.devices"
MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie
MAX_ACCOUNTS = 10


def known_accounts(request) -> list[int]:
    try:
        return list(signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return []


def note_sign_in(request, response, user) -> bool:
    """Emails the user if this browser is new to their account; remembers it. True if new."""
    known = known_accounts(request)
    new = user.pk not in known
    if new:
        emails.new_device(user, request)
    if response is not None:
        remembered = [user.pk, *[pk for pk in known if pk != user.pk]][:MAX_ACCOUNTS]
        response.set_cookie(COOKIE, signing.dumps(remembered, salt=SALT), max_age=MAX_AGE,
                            secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                            samesite="Lax", path="/")
    return new
