"""Headers on the answers every route test cannot reach by itself: error pages (with DEBUG
off, as in production), downloads and the report's own inline style."""

import re

import pytest
from django.urls import reverse

from tests.factories import CredentialDocumentFactory
from tests.test_access_policy import assert_private_headers


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "applicant"])
def test_404_page(client, applicant, production, signed_in):
    if signed_in:
        client.force_login(applicant.user)
    response = client.get("/no-such-page/")

    assert response.status_code == 404 and "There is no such page" in response.content.decode()
    assert_private_headers(response, "404")


def test_403_page_of_a_post_without_csrf_token(client, applicant, production):
    client.handler.enforce_csrf_checks = True
    client.force_login(applicant.user)
    response = client.post(reverse("applicants:profile"), {"legal_name": "X"})

    assert response.status_code == 403
    assert_private_headers(response, "403")


def test_500_page(client, applicant, production, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("road.dashboard.views.render", broken)
    client.raise_request_exception = False
    client.force_login(applicant.user)
    response = client.get(reverse("road:dashboard"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert_private_headers(response, "500")


def test_413_page(client, db, production):
    response = client.generic("POST", reverse("account_login"), b"", CONTENT_LENGTH=str(10**9))

    assert response.status_code == 413
    assert_private_headers(response, "413")


def test_a_download_keeps_its_own_sandbox_policy(applicant_client, applicant, settings,
                                                 tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = CredentialDocumentFactory(applicant=applicant)
    response = applicant_client.get(reverse("certification:document-download",
                                            args=[document.pk]))

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]


def test_the_report_has_no_inline_script_and_any_style_carries_the_nonce(applicant_client):
    response = applicant_client.get(reverse("road:report"))
    html = response.content.decode()

    assert 'rel="stylesheet"' in html
    styles = re.findall(r"<style[^>]*>", html)
    if styles:  # django-csp puts a nonce in the header only when a page uses one
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert all(tag == f'<style nonce="{nonce}">' for tag in styles)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\son[a-z]+=", html) and " style=" not in html
