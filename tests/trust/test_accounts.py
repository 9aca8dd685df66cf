"""Account hardening: the client's real IP, locks that lock one account only (answered 429),
sign-up timing, session timeouts, re-authentication, security emails, __Host- cookies,
my sessions with "sign out elsewhere", new-device emails and security events in the log."""

import logging
import statistics
import subprocess
import sys
import time

from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress
from allauth.core.internal.httpkit import get_client_ip
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.urls import reverse

from applicants.models import AuditEvent
from applicants.privacy import erase_account
from applicants.sessions import SEEN_AT, SIGNED_IN_AT
from tests.conftest import enable_totp
from tests.factories import PASSWORD, ApplicantFactory, UserFactory
from tests.test_deploy import PRODUCTION_ENV, ROOT, _clean_env

LOGIN = "account_login"


def sign_in(client, user, password=PASSWORD, **headers):
    return client.post(reverse(LOGIN), {"login": user.email, "password": password}, **headers)


def reauthenticate(client):
    """Enter the password again, as allauth asks before an email or MFA change."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


# The client's address behind the proxy.


def test_a_forged_x_forwarded_for_is_ignored_behind_one_proxy(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; nginx appended the address it saw.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert get_client_ip(request) == "203.0.113.9"


def test_the_production_settings_trust_the_proxy_docker_compose_has():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert 'TRUSTED_PROXY_COUNT: "1"' in compose
    script = "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    env = {**_clean_env(), **PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1"}
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "1", out.stderr


# Locks.


def test_failures_for_unknown_emails_from_one_ip_lock_nobody_else_out(client, db):
    for n in range(15):
        client.post(reverse(LOGIN), {"login": f"nobody{n}@example.com", "password": "wrong"})
    user = UserFactory()
    response = sign_in(client, user)

    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_per_account_lock_answers_429_and_says_why(client, db):
    user = UserFactory()
    for _ in range(5):
        assert sign_in(client, user, "wrong-password").status_code == 200
    response = sign_in(client, user, "wrong-password")

    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    other = UserFactory()
    assert sign_in(client, other).status_code == 302  # the lock is this account's only


# Sign-up timing.


class RealisticHasher(PBKDF2PasswordHasher):
    """PBKDF2 as in production, at a hundredth of its iterations: the test stays quick, and
    a hash still costs more than the 20 ms the timing may differ by on a loaded machine."""

    algorithm = "pbkdf2_sha256_test"
    iterations = PBKDF2PasswordHasher.iterations // 100


def test_sign_up_takes_as_long_for_a_known_email_as_for_a_new_one(client, db, settings):
    settings.PASSWORD_HASHERS = ["tests.trust.test_accounts.RealisticHasher"]
    settings.ACCOUNT_RATE_LIMITS = False  # 200 sign-ups from one address in a minute
    settings.SIGNUP_MIN_SECONDS = 0.15  # production's 1 s would make this test 200 s long
    known = UserFactory()
    url = reverse("account_signup")
    client.get(url)
    times = {"known": [], "new": []}
    for n in range(100):  # 200 sign-ups, alternating
        for kind in ("known", "new"):
            email = known.email if kind == "known" else f"fresh{n}@example.com"
            data = {"email": email, "password1": "A-long-pass-2026!", "password2":
                    "A-long-pass-2026!"}
            started = time.perf_counter()
            response = client.post(url, data)
            times[kind].append(time.perf_counter() - started)
            assert response.status_code == 302
            client.logout()
    difference = abs(statistics.median(times["known"]) - statistics.median(times["new"]))
    assert difference < 0.020, (f"medians differ by {difference * 1000:.1f} ms (known "
                                f"{statistics.median(times['known']) * 1000:.1f} ms)")


# Sessions.


def test_idle_for_over_30_minutes_signs_out(client, db, monkeypatch):
    user = UserFactory()
    sign_in(client, user)
    session = client.session
    session[SEEN_AT] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("account_email"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(LOGIN))
    assert "_auth_user_id" not in client.session


def test_active_but_signed_in_over_12_hours_ago_signs_out(client, db):
    user = UserFactory()
    sign_in(client, user)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 1
    session[SEEN_AT] = int(time.time())
    session.save()

    assert client.get(reverse("account_email")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_within_both_limits_stays_signed_in(client, db):
    user = UserFactory()
    sign_in(client, user)
    session = client.session
    session[SEEN_AT] = int(time.time()) - 29 * 60
    session.save()

    assert client.get(reverse("account_email")).status_code == 200


def test_my_sessions_lists_them_and_signs_out_the_others(client, db):
    from django.test import Client

    user = UserFactory()
    other_browser = Client()
    sign_in(other_browser, user, HTTP_USER_AGENT="OtherBrowser/1.0")
    sign_in(client, user, HTTP_USER_AGENT="ThisBrowser/2.0")
    page = client.get(reverse("usersessions_list"))
    assert "OtherBrowser" in page.content.decode()

    client.post(reverse("usersessions_list"), {"action": "sign_out_all"})  # allauth's form
    assert other_browser.get(reverse("account_email")).status_code == 302
    assert client.get(reverse("account_email")).status_code == 200


# Re-authentication and security emails.


def test_adding_an_email_later_asks_for_the_password_again(client, db, settings):
    user = UserFactory()
    sign_in(client, user)
    reauthenticate(client)
    session = client.session
    for method in session["account_authentication_methods"]:
        method["at"] -= account_settings.REAUTHENTICATION_TIMEOUT + 1
    session.save()

    response = client.post(reverse("account_email"), {"action_add": "", "email": "x@example.com"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not user.emailaddress_set.filter(email="x@example.com").exists()


def test_a_password_change_sends_one_security_email(client, db):
    user = UserFactory()
    sign_in(client, user)
    mail.outbox.clear()
    client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "Another-pass-2027!", "password2":
        "Another-pass-2027!"})

    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "password" in mail.outbox[0].subject.lower()


def test_an_mfa_change_sends_one_security_email(client, db):
    user = UserFactory()
    sign_in(client, user)
    enable_totp(user)
    reauthenticate(client)
    mail.outbox.clear()
    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_an_email_change_sends_one_security_email(client, db):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email="new@example.com", verified=True)
    sign_in(client, user)
    reauthenticate(client)
    mail.outbox.clear()
    client.post(reverse("account_email"), {"action_primary": "", "email": "new@example.com"})

    assert len(mail.outbox) == 1 and "email" in mail.outbox[0].subject.lower()
    assert user.email in mail.outbox[0].body and "new@example.com" in mail.outbox[0].body


# Cookies.


def test_host_prefixed_cookies_with_debug_off():
    script = ("from django.conf import settings; "
              "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "
              "settings.SESSION_COOKIE_SECURE)")
    env = {**_clean_env(), **PRODUCTION_ENV}
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True"], out.stderr


def test_make_run_over_plain_http_keeps_plain_cookie_names():
    script = ("from django.conf import settings; "
              "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)")
    env = {**_clean_env(), "DEBUG": "True", "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["sessionid", "csrftoken"], out.stderr


# New device.


def test_a_sign_in_from_a_new_browser_sends_an_email_once(client, db):
    user = UserFactory()
    sign_in(client, user, HTTP_USER_AGENT="Firefox/140")
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "New sign-in" in mail.outbox[0].subject and "Firefox/140" in mail.outbox[0].body

    client.post(reverse("account_logout"))
    mail.outbox.clear()
    sign_in(client, user, HTTP_USER_AGENT="Firefox/140")
    assert mail.outbox == []  # the same browser again


# Security events.


def test_sign_ins_failures_lockouts_and_mfa_changes_are_logged(client, db, caplog):
    caplog.set_level(logging.INFO, logger="imgpath.security")
    user = UserFactory()
    for _ in range(6):
        sign_in(client, user, "wrong")
    client.logout()
    other = UserFactory()
    sign_in(client, other)
    enable_totp(other)
    reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"))

    events = [r.security_event for r in caplog.records if r.name == "imgpath.security"]
    assert events.count("login_failed") == 5 and "lockout" in events
    assert "login" in events and "mfa_changed" in events
    assert all("wrong" not in r.getMessage() for r in caplog.records)  # no password


def test_staff_views_of_personal_data_are_logged(client, staff, applicant, caplog):
    caplog.set_level(logging.INFO, logger="imgpath.security")
    client.force_login(staff)
    client.get(reverse("admin:applicants_applicant_change", args=[applicant.pk]))

    views = [r for r in caplog.records if getattr(r, "security_event", "") == "staff_view"]
    assert len(views) == 1 and views[0].user_id == staff.pk
    assert views[0].details["kwargs"] == {"object_id": str(applicant.pk)}



def _audit_page(client, action: str) -> str:
    response = client.get(reverse("admin:applicants_auditevent_changelist"), {"action": action})
    assert response.status_code == 200
    return response.content.decode()


def test_a_failed_sign_in_a_lockout_and_an_mfa_change_are_in_the_audit_log_for_staff(
        client, db, staff, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    attacked = ApplicantFactory().user
    for _ in range(6):  # five failures, then the account's lock
        sign_in(client, attacked, "wrong", **forwarded)
    client.logout()
    changer = UserFactory()
    sign_in(client, changer)
    enable_totp(changer)
    reauthenticate(client)
    client.post(reverse("mfa_deactivate_totp"))
    client.logout()

    failed = AuditEvent.objects.filter(action="security.login_failed")
    assert failed.count() == 5
    row = failed.first()
    assert row.object_id == str(attacked.pk)
    assert row.ip == "203.0.113.9"  # the client's, not the proxy's
    assert row.subject_applicant_id == attacked.applicant.pk and row.actor_id is None
    assert AuditEvent.objects.filter(action="security.lockout",
                                     object_id=str(attacked.pk)).exists()
    assert AuditEvent.objects.get(action="security.mfa_changed").actor_id == changer.pk

    client.force_login(staff)
    for action, who in (("security.login_failed", attacked.email),
                        ("security.lockout", attacked.email),
                        ("security.mfa_changed", changer.email)):
        page = _audit_page(client, action)
        assert f'class="field-action">{action}<' in page and who in page, action
    # Not the applicant's "who looked at my records": nobody looked.
    assert not AuditEvent.objects.by_others(attacked.applicant).exists()
    assert "wrong" not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_erasing_an_account_pseudonymises_its_security_events(client, db):
    attacked = ApplicantFactory().user
    sign_in(client, attacked, "wrong")
    applicant_id = attacked.applicant.pk
    erase_account(attacked)

    row = AuditEvent.objects.get(action="security.login_failed")
    assert row.subject_applicant_id is None and row.subject_pseudonym
    assert row.ip is None and row.object_label == "" and row.details == {}
    assert not AuditEvent.objects.filter(subject_applicant_id=applicant_id).exists()
