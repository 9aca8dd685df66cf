"""Slow phone networks: every applicant page's HTML with its own CSS and JavaScript stays
under 150 KB compressed, and no font, style or script comes from another origin."""

import gzip
import re
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.browser.pages import APPLICANT_PAGES, PUBLIC_PAGES
from tests.factories import (
    CredentialDocumentFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    OetSittingFactory,
    ProgramFactory,
    SavedProgramFactory,
)

LIMIT = 150 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"')


def _weight(html: str) -> tuple[int, list[str]]:
    """Compressed bytes of the page and of each stylesheet and script it loads; and the
    assets that are not ours."""
    total, foreign = len(gzip.compress(html.encode())), []
    for url in ASSET.findall(html):
        if not url.startswith("/"):
            foreign.append(url)
            continue
        if url.startswith("/static/") and url.endswith((".css", ".js")):
            with open(finders.find(url.removeprefix("/static/")), "rb") as asset:
                total += len(gzip.compress(asset.read()))
    return total, foreign


@pytest.fixture
def busy_applicant(applicant):
    EcfmgRecordFactory(applicant=applicant)
    CredentialDocumentFactory(applicant=applicant, state="verified",
                              state_changed_on=date(2026, 5, 2))
    ExamAttemptFactory.create_batch(6, applicant=applicant)
    OetSittingFactory.create_batch(4, applicant=applicant)
    ProgramFactory.create_batch(60)
    SavedProgramFactory.create_batch(10, applicant=applicant)
    return applicant


@pytest.mark.django_db
def test_every_page_is_light_and_loads_nothing_from_elsewhere(client, busy_applicant):
    client.force_login(busy_applicant.user)
    heavy, foreign = {}, {}
    for name in APPLICANT_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        size, others = _weight(response.content.decode())
        if size >= LIMIT:
            heavy[name] = size
        if others:
            foreign[name] = others
    client.logout()
    for name in PUBLIC_PAGES:
        size, others = _weight(client.get(reverse(name)).content.decode())
        if size >= LIMIT:
            heavy[name] = size
        if others:
            foreign[name] = others
    assert heavy == {} and foreign == {}


def test_the_weight_counts_the_stylesheet_and_flags_a_cdn():
    bare, _ = _weight("<p>hi</p>")
    with_css, foreign = _weight('<link rel="stylesheet" href="/static/css/app.css">'
                                '<script src="https://cdn.example.org/x.js"></script>')
    assert with_css > bare + 1000 and foreign == ["https://cdn.example.org/x.js"]
