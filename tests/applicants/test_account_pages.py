"""allauth's sign-in, reset, confirm and two-factor pages speak our words in our layout:
each page a user reaches shows our heading inside base.html, and none of allauth's own
sentences ("Please reauthenticate", "Activate Authenticator App", ...) is left."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.urls import reverse

from tests.conftest import enable_totp
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# allauth's own wording, from its templates: none of it may reach a user.
ALLAUTH_WORDS = re.compile(
    r"Please reauthenticate|Confirm Access|Activate Authenticator App|Authenticator secret|"
    r"Two-Factor Authentication|Deactivate Authenticator|Recovery Codes|There (is|are) \d+ "
    r"out of|Bad Token|Change Password|Verify Your Email|is an email address for user|"
    r"You are about to")


def _page(response) -> str:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    html = response.content.decode()
    assert 'class="site-header"' in html  # our base.html
    assert not ALLAUTH_WORDS.search(html), ALLAUTH_WORDS.search(html)[0]
    return html


def _heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1].strip()


def _reauthenticate(client):
    """Once two-factor sign-in is on, every change to it asks for the password again."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def signed_in(client):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return user


@pytest.mark.parametrize(("name", "heading"), [
    ("mfa_index", "Two-factor sign-in"),
    ("mfa_activate_totp", "Set up two-factor sign-in"),
    ("account_reauthenticate", "Confirm it is you"),
])
def test_pages_before_two_factor_is_on_are_ours(client, signed_in, name, heading):
    assert _heading(_page(client.get(reverse(name)))) == heading


def test_the_set_up_page_shows_the_code_picture_and_the_key_to_type(client, signed_in):
    html = _page(client.get(reverse("mfa_activate_totp")))
    assert 'src="data:image/svg+xml;base64,' in html
    assert re.search(r'id="authenticator_secret" type="text" value="[A-Z2-7]{16,}"', html)


@pytest.mark.parametrize(("name", "heading"), [
    ("mfa_index", "Two-factor sign-in"),
    ("mfa_view_recovery_codes", "Recovery codes"),
    ("mfa_generate_recovery_codes", "Make new recovery codes?"),
    ("mfa_deactivate_totp", "Turn off two-factor sign-in?"),
    ("mfa_reauthenticate", "Confirm it is you"),
])
def test_pages_once_two_factor_is_on_are_ours(client, signed_in, name, heading):
    enable_totp(signed_in)
    RecoveryCodes.activate(signed_in)
    _reauthenticate(client)
    assert _heading(_page(client.get(reverse(name)))) == heading


def test_the_recovery_codes_page_lists_every_unused_code(client, signed_in):
    enable_totp(signed_in)
    codes = RecoveryCodes.activate(signed_in).get_unused_codes()
    _reauthenticate(client)
    html = _page(client.get(reverse("mfa_view_recovery_codes")))
    assert f"{len(codes)} of {len(codes)} codes left" in html
    assert all(code in html for code in codes)


def test_the_second_sign_in_step_is_ours(client):
    user = enable_totp(UserFactory())
    response = client.post(reverse("account_login"), {"login": user.email,
                                                      "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    html = _page(client.get(reverse("mfa_authenticate")))
    assert _heading(html) == "Type the code from your app"
    assert 'name="code"' in html


def test_the_password_reset_link_leads_to_our_pages(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"http://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)[1]
    response = client.get(link, follow=True)  # allauth moves the key into the session
    assert _heading(_page(response)) == "Choose a new password"
    response = client.post(response.redirect_chain[-1][0], {
        "password1": "Another-pass-2027!", "password2": "Another-pass-2027!"}, follow=True)
    assert _heading(_page(response)) == "Your password is changed"


def test_a_used_or_broken_reset_link_says_so_in_our_words(client):
    html = _page(client.get(reverse("account_reset_password_from_key",
                                    kwargs={"uidb36": "1a", "key": "set-dummy-key"})))
    assert _heading(html) == "This link no longer works"
    assert reverse("account_reset_password") in html


def test_the_confirm_page_asks_in_our_words(client):
    user = UserFactory()
    address = EmailAddress.objects.get(user=user)
    address.verified = False
    address.save()
    key = EmailConfirmationHMAC(address).key
    html = _page(client.get(reverse("account_confirm_email", args=[key])))
    assert _heading(html) == "Confirm your email address"
    assert f"Is <strong>{user.email}</strong> your email address?" in html


def test_the_signed_in_sessions_page_is_ours(client, signed_in):
    html = _page(client.get(reverse("usersessions_list")))
    assert _heading(html) == "Where you are signed in"
    assert "Sign Out Other Sessions" not in html and "This browser" in html
