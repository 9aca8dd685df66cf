"""Applicant pages speak plain words: none of our internal references (the rules file and
its sections, switched-off rules, the rule set's label doubled), and a source names the body
and links to its page."""

import re
from datetime import date

import pytest
from django.urls import reverse

from core.sources import plain_words, source_line
from tests.browser.pages import APPLICANT_PAGES
from tests.factories import (
    CredentialDocumentFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    OetSittingFactory,
    SavedProgramFactory,
)

INTERNAL = re.compile(r"RULES|§|\.md\b|switched off|Not checked:|\) \(for the \d{4} Match")


@pytest.fixture
def busy_applicant(applicant):
    EcfmgRecordFactory(applicant=applicant)
    CredentialDocumentFactory(applicant=applicant, state="verified",
                              state_changed_on=date(2026, 5, 2))
    ExamAttemptFactory(applicant=applicant)
    OetSittingFactory(applicant=applicant)
    SavedProgramFactory.create_batch(2, applicant=applicant)
    return applicant


@pytest.mark.django_db
@pytest.mark.parametrize("season", [2027, 2028])  # 2028: rules and dates carried over
def test_no_applicant_page_shows_an_internal_reference(client, busy_applicant, season):
    busy_applicant.target_match_year = season
    busy_applicant.save()
    client.force_login(busy_applicant.user)
    found = {}
    for name in APPLICANT_PAGES:
        page = client.get(reverse(name)).content.decode()
        body = page.split("<main", 1)[-1]
        hits = sorted({m[0] for m in INTERNAL.finditer(body)})
        if hits:
            found[name] = hits
    assert found == {}


@pytest.mark.django_db
def test_a_requirement_source_names_the_body_and_links_to_it(client, busy_applicant):
    client.force_login(busy_applicant.user)
    page = client.get(reverse("certification:checklist")).content.decode()
    assert ('Source: <a href="https://www.usmle.org/" rel="noopener noreferrer">USMLE</a>: '
            'confirmed from USMLE') in page
    assert "ECFMG&#x27;s page" in page or "ECFMG's page" in page


@pytest.mark.parametrize(("source", "provenance", "words"), [
    ("ecfmg.org OET page, quoted 2026-11-20", "verified",
     "confirmed from ECFMG's page (checked 2026-11-20)"),
    ("Floor DERIVED from the Jan 1 of M-2 pattern (RULES §9)", "derived",
     "estimated from past seasons: check before you rely on it"),
    ("matcharesident quoting ECFMG", "third_party",
     "from a source quoting ECFMG, not ECFMG's own page: check before you rely on it"),
])
def test_provenance_reads_as_plain_words(source, provenance, words):
    assert source_line(source, provenance).words == words


def test_stored_notes_lose_our_references():
    assert plain_words("Derived from the pattern in RULES.md §3; confirm each date") == (
        "Estimated from past seasons; confirm each date")
    assert plain_words("350 (RULES §9): an admin must confirm it") == (
        "350: an admin must confirm it")
