import re

import pytest
from django.core import mail
from django.urls import reverse

from applicants.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_signup_makes_an_applicant_and_sends_verification(client):
    response = client.post(reverse("account_signup"), {
        "email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.role == User.Role.APPLICANT and not user.is_staff
    subjects = [m.subject for m in mail.outbox]
    assert any("Confirm" in s or "confirm" in s for s in subjects)


def test_unverified_email_cannot_log_in(client):
    user = UserFactory(verified=False)
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("applicants:status")).status_code == 302  # back to login


def test_verified_user_logs_in_and_reaches_onboarding(client, user):
    response = _login(client, user.email, PASSWORD)
    assert response["Location"] == reverse("applicants:onboarding")


def test_six_wrong_passwords_are_rate_limited(client, user):
    for _ in range(5):
        response = _login(client, user.email, "wrong-password-123")
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    response = _login(client, user.email, "wrong-password-123")
    assert "Too many failed login attempts" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = _login(client, user.email, PASSWORD)
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert re.search(r"/accounts/password/reset/key/", mail.outbox[-1].body)


def test_logout(client, user):
    client.force_login(user)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
