"""The caseload (point 3): the stored summary sorted and filtered in SQL, searched,
paginated, saved and exported; the query count does not grow with 10,000 applicants."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from applicants.models import Applicant, AuditEvent, Consent, Membership, SavedFilter, User
from core import clock
from road.refresh import refresh_road
from tests.factories import ApplicantFactory, CredentialDocumentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

FLAGS = [("document_stalled", 6), ("attempt_limit", 1), ("school_not_listed", 7), ("", 99)]


def _flag(code, day):
    if not code:
        return []
    return [{"code": code, "label": code.replace("_", " ").capitalize(), "reason": "why",
             "on": day.isoformat()}]


def build(team, n: int) -> None:
    """n applicants in the team's organisation, with stored summaries made up in bulk (the
    caseload reads only the stored columns); every other one assigned to the advisor."""
    today = clock.today()
    users = User.objects.bulk_create(
        User(email=f"bulk{i}@example.org", password="!") for i in range(n))
    rows = []
    for i, user in enumerate(users):
        code, rank = FLAGS[i % len(FLAGS)]
        day = today + timedelta(days=i % 97)
        rows.append(Applicant(
            user=user, legal_name=f"Bulk Person {i:05d}", citizenships=["IN"],
            school_country="IN", school_name="Somewhere", graduation_date=date(2023, 5, 31),
            target_match_year=2027 + i % 3, category="non_us_img", cert_percent=i % 101,
            cert_word="at_risk", match_status="at_risk", match_word="at_risk",
            risk_flags=_flag(code, day), flag_codes=f"|{code}|" if code else "",
            triage_rank=rank, triage_on=day if code else None,
            next_deadline_on=day, next_deadline_title="Step 2 CK: test day"))
    applicants = Applicant.objects.bulk_create(rows)
    Consent.objects.bulk_create(
        Consent(applicant=a, organisation=team.organisation,
                advisor=team.advisor if i % 2 == 0 else None, shared=["all"])
        for i, a in enumerate(applicants))


VIEWS = [
    {}, {"page": "2"}, {"page": "100"}, {"sort": "name"}, {"sort": "deadline", "page": "3"},
    {"sort": "progress"}, {"sort": "activity"}, {"flag": "document_stalled"},
    {"flag": "attempt_limit", "q": "bulk1"}, {"season": "2028", "category": "non_us_img"},
    {"advisor": "none"}, {"q": "Person 0999"},
]


def test_ten_thousand_applicants_cost_the_same_few_queries(client, team,
                                                           django_assert_max_num_queries):
    build(team, 10_000)
    for user in (team.lead, team.advisor):
        client.force_login(user)
        for params in VIEWS:
            with django_assert_max_num_queries(10):
                response = client.get(reverse("road:caseload"), params)
            assert response.status_code == 200, params
    client.force_login(team.lead)
    page = client.get(reverse("road:caseload")).content.decode()
    assert "10000 applicants" in page and "Page 1 of 200" in page


def _names(response) -> list[str]:
    return [row["applicant"].legal_name for row in response.context["rows"]]


def test_triage_is_the_default_order_and_filters_narrow(client, team):
    build(team, 40)
    client.force_login(team.lead)
    first = client.get(reverse("road:caseload"))
    ranks = [row["applicant"].triage_rank for row in first.context["rows"]]
    assert ranks == sorted(ranks) and ranks[0] == 1  # attempt limit before stalled documents
    stalled = client.get(reverse("road:caseload"), {"flag": "document_stalled"})
    assert stalled.context["page"].paginator.count == 10
    assert all(r["flags"][0]["code"] == "document_stalled" for r in stalled.context["rows"])
    assert _names(client.get(reverse("road:caseload"), {"q": "BULK17@"})) == ["Bulk Person 00017"]
    by_name = _names(client.get(reverse("road:caseload"), {"sort": "name"}))
    assert by_name == sorted(by_name)
    unassigned = client.get(reverse("road:caseload"), {"advisor": "none"})
    assert unassigned.context["page"].paginator.count == 20
    assert client.get(reverse("road:caseload"), {"flag": "no-such"}).context[
        "page"].paginator.count == 40  # an unknown filter is dropped, not an error


def test_an_advisor_sees_only_their_own_applicants(client, team, other_team):
    build(team, 10)
    outsider = ApplicantFactory(legal_name="Someone Of Another Office")
    other_team.share(outsider)
    client.force_login(team.advisor)
    response = client.get(reverse("road:caseload"))
    assert response.context["page"].paginator.count == 5
    assert "Someone Of Another Office" not in response.content.decode()
    client.force_login(other_team.lead)
    assert _names(client.get(reverse("road:caseload"))) == ["Someone Of Another Office"]


def test_saved_filters(client, team):
    build(team, 8)
    client.force_login(team.advisor)
    client.post(reverse("road:caseload-filter-save"),
                {"name": "Stalled", "flag": "document_stalled", "sort": "name"})
    saved = SavedFilter.objects.get(user=team.advisor)
    assert saved.query == "flag=document_stalled&sort=name"
    page = client.get(reverse("road:caseload")).content.decode()
    assert f'?{saved.query.replace("&", "&amp;")}">Stalled</a>' in page
    twice = client.post(reverse("road:caseload-filter-save"), {"name": "Stalled",
                                                               "flag": "attempt_limit"},
                        follow=True)
    assert "already have a filter" in twice.content.decode()


def test_csv_is_the_current_view_and_is_audited(client, team):
    build(team, 30)
    client.force_login(team.lead)
    response = client.get(reverse("road:caseload-export"), {"flag": "attempt_limit"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0][:2] == ["Name", "Email"]
    assert len(lines) == 1 + 8
    assert all("Attempt limit" in line[8] for line in lines[1:])
    event = AuditEvent.objects.get(action="caseload.export")
    assert event.actor_id == team.lead.pk
    assert event.details == {"rows": 8, "filters": "flag=attempt_limit"}


def test_the_row_says_what_the_refresh_stored(client, team, applicant):
    CredentialDocumentFactory(applicant=applicant, state="sent",
                              state_changed_on=clock.today() - timedelta(days=90))
    refresh_road(applicant.pk)
    team.share(applicant)
    client.force_login(team.advisor)
    row = client.get(reverse("road:caseload")).context["rows"][0]
    stored = Applicant.objects.get(pk=applicant.pk)
    assert row["flags"] == stored.risk_flags
    assert "Document stalled" in [f["label"] for f in row["flags"]]
    assert row["certificate"].startswith(f"{stored.cert_percent}% · ")


def test_search_uses_the_trigram_indexes(team):
    build(team, 200)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM applicants_applicant "
                       "WHERE UPPER(legal_name::text) LIKE UPPER(%s)", ["%person 0012%"])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "applicant_name_trgm" in plan


def test_csv_cells_cannot_become_formulas(client, team, applicant):
    Applicant.objects.filter(pk=applicant.pk).update(legal_name="=HYPERLINK(\"http://x\")")
    team.share(applicant)
    client.force_login(team.advisor)
    body = b"".join(client.get(reverse("road:caseload-export")).streaming_content).decode()
    assert list(csv.reader(io.StringIO(body)))[1][0] == "'=HYPERLINK(\"http://x\")"


def _count(client, **params) -> int:
    return client.get(reverse("road:caseload"), params).context["page"].paginator.count


def test_each_request_brings_its_own_values_to_the_page_query(client, team):
    """The page's SQL is compiled once per shape of query: a second search, flag, season or
    advisor of the same shape still gets its own rows and count."""
    build(team, 40)
    client.force_login(team.lead)
    assert _names(client.get(reverse("road:caseload"), {"q": "BULK17@"})) == ["Bulk Person 00017"]
    assert _names(client.get(reverse("road:caseload"), {"q": "bulk23@"})) == ["Bulk Person 00023"]
    assert _count(client, q="%") == 0 and _count(client, q="_") == 0  # searched as typed
    for code in ("attempt_limit", "document_stalled"):
        rows = client.get(reverse("road:caseload"), {"flag": code}).context["rows"]
        assert len(rows) == 10 and {r["flags"][0]["code"] for r in rows} == {code}
    for season in (2027, 2028):
        assert _count(client, season=season) == Applicant.objects.filter(
            target_match_year=season).count()
    assert _count(client, advisor=team.advisor.pk) == 20
    assert _count(client, advisor=team.lead.pk) == 0
    assert _count(client, advisor="9" * 30) == 0  # past every id: nobody, not an error


def test_a_page_past_the_last_shows_the_last(client, team, settings):
    settings.CASELOAD_PAGE_SIZE = 15
    build(team, 40)
    client.force_login(team.lead)
    page = client.get(reverse("road:caseload"), {"page": "9"}).context["page"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (3, 40, 10)
    page = client.get(reverse("road:caseload"), {"flag": "attempt_limit", "page": "9"}).context[
        "page"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (1, 10, 10)
    page = client.get(reverse("road:caseload"), {"q": "nobody", "page": "2"}).context["page"]
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])


def test_a_lead_of_two_organisations_counts_a_shared_applicant_once(client, team, other_team):
    MembershipFactory(organisation=other_team.organisation, user=team.lead,
                      role=Membership.Role.LEAD)
    both = ApplicantFactory(legal_name="Shares With Both")
    team.share(both)
    other_team.share(both)
    other_team.share(ApplicantFactory(legal_name="Only The Other Office"))
    client.force_login(team.lead)
    response = client.get(reverse("road:caseload"))
    assert response.context["page"].paginator.count == 2
    assert sorted(_names(response)) == ["Only The Other Office", "Shares With Both"]


def test_a_lead_here_and_advisor_there_sees_the_whole_office_and_their_own_there(
        client, team, other_team):
    """The page's SQL names the user's organisations (the memberships the view has read):
    the same applicants as the permission helper that reads the memberships itself."""
    MembershipFactory(organisation=other_team.organisation, user=team.lead)  # advisor there
    team.share(ApplicantFactory(legal_name="Unassigned Here"), assigned=False)
    there = other_team.share(ApplicantFactory(legal_name="Assigned To Me There"))
    Consent.objects.filter(pk=there.pk).update(advisor=team.lead)
    other_team.share(ApplicantFactory(legal_name="Assigned To Someone There"))
    client.force_login(team.lead)
    expected = ["Assigned To Me There", "Unassigned Here"]
    for params in ({}, {"q": "there"}, {"sort": "name"}):
        response = client.get(reverse("road:caseload"), params)
        names = expected if not params.get("q") else ["Assigned To Me There"]
        assert sorted(_names(response)) == names, params
        assert response.context["page"].paginator.count == len(names)
    assert sorted(Applicant.objects.visible_to(team.lead).values_list(
        "legal_name", flat=True)) == expected


@pytest.mark.parametrize("apart_from", [0, 10_000])
def test_each_row_names_its_own_advisor_on_every_page(client, team, settings, monkeypatch,
                                                       apart_from):
    """Whether the advisor's email comes from the page's query or is read for the page's
    rows after the page is cut (past EMAILS_APART_FROM rows): every row, on the first page
    and on a later one, names its own assigned advisor."""
    from road.caseload import query

    monkeypatch.setattr(query, "EMAILS_APART_FROM", apart_from)
    settings.CASELOAD_PAGE_SIZE = 4
    build(team, 10)  # every other one assigned to team.advisor
    assigned = set(Consent.objects.filter(advisor=team.advisor)
                   .values_list("applicant__legal_name", flat=True))
    client.force_login(team.lead)
    seen = {}
    for page in ("1", "3"):
        response = client.get(reverse("road:caseload"), {"sort": "name", "page": page})
        for row in response.context["rows"]:
            seen[row["applicant"].legal_name] = row["advisor"]
    assert len(seen) == 6
    assert all(advisor == (team.advisor.email if name in assigned else "")
               for name, advisor in seen.items()), seen
    assert {bool(a) for a in seen.values()} == {True, False}
