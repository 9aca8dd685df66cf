"""Help pages: seeded, public, Markdown rendered inert, internal notes never shown, and each
checklist line linking to the page that explains it."""

import re

import pytest
from django.urls import reverse

from applicants.models import HelpPage
from certification.rules import RULE_KINDS, registry
from core.text import public_source
from tests.advisors.conftest import make_team
from tests.rulesets import edit_requirement

pytestmark = pytest.mark.django_db
SEEDED = {"who-counts-as-an-img", "steps-to-the-certificate", "pathways-and-oet",
          "match-calendar", "visas", "what-we-do"}


def test_every_page_of_the_issue_is_seeded_and_listed(client):
    assert set(HelpPage.objects.values_list("slug", flat=True)) >= SEEDED
    index = client.get(reverse("applicants:help-index")).content.decode()
    for page in HelpPage.objects.filter(slug__in=SEEDED):
        assert reverse("applicants:help-page", args=[page.slug]) in index
        shown = client.get(reverse("applicants:help-page", args=[page.slug])).content.decode()
        assert "RULES" not in shown and "§" not in shown


def test_markdown_with_scripts_handlers_and_javascript_links_renders_inert(client):
    HelpPage.objects.create(slug="evil", title="Evil", summary="s", body=(
        "Hello <script>alert('x')</script>\n\n"
        '<a href="/ok" onclick="alert(1)">click</a> <img src="x.png" onerror="alert(2)">\n\n'
        "[bad](javascript:alert(3)) and [good](https://www.ecfmg.org/)"))
    page = client.get(reverse("applicants:help-page", args=["evil"])).content.decode()
    body = page.split('<article class="help-page">')[1].split("</article>")[0]
    assert "<script" not in body and "alert('x')" not in body
    assert "onclick" not in body and "onerror" not in body
    assert "javascript:" not in body
    assert '<a href="https://www.ecfmg.org/" rel="noopener noreferrer">good</a>' in body


def test_internal_notes_and_unpublished_pages_stay_hidden(client):
    page = HelpPage.objects.get(slug="visas")
    page.internal_note = "Checked against RULES §3 by the editor"
    page.save()
    shown = client.get(reverse("applicants:help-page", args=["visas"])).content.decode()
    assert "Checked against" not in shown
    assert "Source: ECFMG J-1 sponsorship pages" in shown
    HelpPage.objects.filter(slug="visas").update(published=False)
    assert client.get(reverse("applicants:help-page", args=["visas"])).status_code == 404


def test_every_certificate_rule_kind_links_to_a_seeded_page():
    # The Canadian route has no help page of its own yet.
    assert {registry.help_page(name) for name, kind in RULE_KINDS.items()
            if kind.track == "certificate"} <= SEEDED


def test_each_checklist_line_links_to_its_help_page(applicant_client):
    response = applicant_client.get(reverse("certification:checklist"))
    lines = {line["outcome"].code: line for line in response.context["lines"]}
    assert lines["C-OET"]["help_url"] == reverse("applicants:help-page",
                                                 args=["pathways-and-oet"])
    assert lines["C-SCHOOL"]["help_url"] == reverse("applicants:help-page",
                                                    args=["who-counts-as-an-img"])
    assert lines["C-STEP1"]["help_url"] == reverse("applicants:help-page",
                                                   args=["steps-to-the-certificate"])
    assert f'href="{lines["C-OET"]["help_url"]}"' in response.content.decode()


def _help_links(html: str) -> dict[str, str]:
    """Each "Help with “…”" link of a page: the line's title -> the help page it opens."""
    return {title: href for href, title in re.findall(
        r'<a href="([^"]+)">Help with “([^”]+)”</a>', html)}


def test_the_dashboard_checklist_lines_link_to_their_help_pages(applicant_client):
    """The dashboard's own checklist lines, certificate and Match, link where the checklist
    page's do; every link opens a published help page."""
    page = applicant_client.get(reverse("road:dashboard")).content.decode()
    links = _help_links(page)
    checklist = applicant_client.get(reverse("certification:checklist"))
    for line in checklist.context["lines"]:
        if line["outcome"].status.value != "not_applicable":
            assert links[line["outcome"].title] == line["help_url"], line["outcome"].title
    visas = reverse("applicants:help-page", args=["visas"])
    assert visas in links.values()  # the Match's visa line
    for href in set(links.values()):
        assert applicant_client.get(href).status_code == 200, href


def test_the_advisor_file_keeps_the_help_links(client, applicant):
    team = make_team("Help Office")
    team.share(applicant)
    client.force_login(team.lead)
    page = client.get(reverse("road:advisor-file", args=[applicant.pk])).content.decode()
    assert reverse("applicants:help-page", args=["steps-to-the-certificate"]) in (
        _help_links(page).values())


def test_applicants_see_a_plain_source_line_and_its_link(applicant_client):
    edit_requirement("RS-2027-P", "C-TRANSFER",
                     source_url="https://www.ecfmg.org/certification/")
    page = applicant_client.get(reverse("certification:checklist")).content.decode()
    assert "RULES" not in page
    # The body named, linked to the page the editor gave, and how sure we are (issue 14).
    assert ('Source: <a href="https://www.ecfmg.org/certification/" rel="noopener noreferrer">'
            "ECFMG</a>: confirmed from ECFMG&#x27;s page") in page


@pytest.mark.parametrize(("written", "shown"), [
    ("ECFMG booklet (RULES §9: confirmed)", "ECFMG booklet"),
    ("RULES §2: pass/fail incl. spoken English", "pass/fail incl. spoken English"),
    ("usmle.org, 2026-01-26", "usmle.org, 2026-01-26"),
    ("Derived from the pattern in RULES.md §3; confirm each date", "Estimated from past "
     "seasons; confirm each date"),
    ("RULES.md §3. The ROL deadline is derived.", "The ROL deadline is derived."),
])
def test_our_references_are_taken_out_of_source_lines(written, shown):
    assert public_source(written) == shown


def test_the_match_page_shows_the_season_note_without_our_references(client):
    from tests.factories import ApplicantFactory
    applicant = ApplicantFactory(target_match_year=2026)
    client.force_login(applicant.user)
    page = client.get(reverse("residency:match"), {"season": 2026}).content.decode()
    assert "The ROL deadline and ranking opening are derived" in page
    assert "RULES" not in page


def test_the_visas_page_says_the_h1b_proclamation_date_has_passed(client):
    """Issue 10: its 12 months ended on 21 September 2026; the page says the date passed and
    to check the current status (migration applicants 0018 on a deployed page)."""
    page = client.get(reverse("applicants:help-page", args=["visas"])).content.decode()
    assert "to 21 September 2026. That date has passed" in page
    assert "check its current status" in page
    assert "whether it continues is" not in page


def test_the_visas_page_migration_leaves_an_editors_wording_alone():
    from importlib import import_module

    from django.apps import apps
    step = import_module("applicants.migrations.0019_visas_page_after_the_proclamation_date")
    page = HelpPage.objects.get(slug="visas")
    page.body = f"Our own words. {step.OLD}"
    page.save()
    step.forwards(apps, None)
    assert HelpPage.objects.get(slug="visas").body == f"Our own words. {step.NEW}"
    HelpPage.objects.filter(slug="visas").update(body="Rewritten by an editor.")
    step.forwards(apps, None)
    assert HelpPage.objects.get(slug="visas").body == "Rewritten by an editor."
