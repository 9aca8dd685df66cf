import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, hotp_value
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def _nav_labels(response):
    return [item["label"] for item in response.context["nav_items"]]


def test_anonymous_navigation(client):
    response = client.get(reverse("home"))
    assert _nav_labels(response) == ["Sign in", "Create account"]
    assert "International Medical Graduates" in response.content.decode()


def test_applicant_navigation(applicant_client):
    response = applicant_client.get(reverse("applicants:status"))
    labels = _nav_labels(response)
    assert labels[0] == "Dashboard" and labels[-1] == "Account"
    assert {"Checklist", "Profile"} <= set(labels)
    assert not {"Admin", "Caseload"} & set(labels)
    assert "Sign out" in response.content.decode()


def test_advisor_navigation(client, advisor_with_mfa):
    client.force_login(advisor_with_mfa)
    response = client.get(reverse("applicants:advisor-home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("road:caseload")
    assert _nav_labels(response) == ["Caseload", "Account"]


def test_staff_navigation(client, staff):
    client.force_login(staff)
    response = client.get(reverse("mfa_index"))
    assert _nav_labels(response) == ["Admin", "Account"]
    assert "Two-factor sign-in" in response.content.decode()  # account settings sub-nav


def test_home_sends_each_role_to_its_page(client, applicant, advisor_with_mfa, staff):
    expected = {
        applicant.user: reverse("road:dashboard"),
        advisor_with_mfa: reverse("applicants:advisor-home"),
        staff: reverse("admin:index"),
    }
    for user, target in expected.items():
        client.force_login(user)
        assert client.get(reverse("home"))["Location"] == target


def test_advisor_without_mfa_is_sent_to_mfa_setup(client, advisor):
    client.post(reverse("account_login"), {"login": advisor.email, "password": PASSWORD})
    response = client.get(reverse("applicants:advisor-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # The first set-up right after signing in: no second password prompt.
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert "Authenticator" in setup.content.decode()


def test_the_first_set_up_long_after_sign_in_asks_for_the_password(client, advisor,
                                                                    monkeypatch):
    client.post(reverse("account_login"), {"login": advisor.email, "password": PASSWORD})
    # Past allauth's five-minute re-authentication window, inside the 30-minute idle timeout.
    later = time.time() + 600
    monkeypatch.setattr("applicants.adapters.time.time", lambda: later)
    monkeypatch.setattr("allauth.account.internal.flows.reauthentication.time.time",
                        lambda: later)
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("account_reauthenticate"))


def test_changing_mfa_once_it_is_on_still_asks_for_the_password(client, advisor_with_mfa):
    client.force_login(advisor_with_mfa)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_staff_without_mfa_cannot_reach_admin(client):
    client.force_login(StaffFactory())
    response = client.get(reverse("admin:applicants_applicant_changelist"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_advisor_with_mfa_must_pass_it_at_login(client, advisor_with_mfa):
    response = client.post(
        reverse("account_login"), {"login": advisor_with_mfa.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_applicant_cannot_use_admin(applicant_client):
    response = applicant_client.get(reverse("admin:index"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert applicant_client.get(response["Location"]).status_code == 403


def test_superuser_command_makes_staff():
    user = get_user_model().objects.create_superuser("root@example.com", "x-secret-pass-1")
    assert user.is_staff and not user.is_applicant and user.needs_mfa


def test_advisor_sets_up_totp_and_then_reaches_caseload(client, advisor):
    client.post(reverse("account_login"), {"login": advisor.email, "password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=advisor).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}
    response = client.get(reverse("applicants:advisor-home"), follow=True)
    assert response.status_code == 200
    assert "Your caseload" in response.content.decode()


def test_email_change_requires_verifying_the_new_address(client, user):
    # The password entered again just now, as allauth asks (tests/trust: when it asks).
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.com"})
    new = EmailAddress.objects.get(user=user, email="moved@example.com")
    assert not new.verified
    assert any("moved@example.com" in m.to for m in mail.outbox)


def test_our_words_on_the_confirm_and_reset_pages(client):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    client.post(reverse("account_signup"), {"email": "new.one@example.org",
                                            "password1": PASSWORD, "password2": PASSWORD})
    key = EmailConfirmationHMAC(EmailAddress.objects.get(email="new.one@example.org")).key
    page = client.get(reverse("account_confirm_email", args=[key])).content.decode()
    assert "Is <strong>new.one@example.org</strong> your email address?" in page
    assert "is an email address for user" not in page
    reset = client.get(reverse("account_reset_password")).content.decode()
    assert "Forgot your password?" in reset and "Send me the link" in reset


def test_an_advisor_on_an_applicant_page_is_told_where_to_go(client, advisor_with_mfa,
                                                             applicant):
    from tests.factories import ExamAttemptFactory

    client.force_login(advisor_with_mfa)
    response = client.get(reverse("road:dashboard"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is for applicants" in page and "dashboard and progress report" in page
    assert f'href="{reverse("applicants:advisor-home")}"' in page
    # Someone's record stays a bare 404: nothing says whether it exists.
    attempt = ExamAttemptFactory(applicant=applicant)
    record = client.get(reverse("certification:exam-edit", args=[attempt.pk]))
    assert record.status_code == 404 and "This page is for applicants" not in (
        record.content.decode())


def test_staff_on_an_applicant_page_are_sent_to_the_admin(client, staff):
    client.force_login(staff)
    response = client.get(reverse("certification:checklist"))
    assert response.status_code == 403
    assert f'href="{reverse("admin:index")}"' in response.content.decode()
