"""The Canadian route on the road: the setting that turns it on, its bar on the dashboard
(only for those who track it, in the dashboard's query budget), the Canadian route page
with the CaRMS calendar, and the summary stored on the applicant."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from applicants.models import Applicant
from certification.models import MccAttempt
from core import road
from tests.certification.pages import error_at
from tests.factories import ApplicantFactory, MccAttemptFactory

pytestmark = pytest.mark.django_db
DASHBOARD, CANADA = reverse("road:dashboard"), reverse("road:canada")


def _tracking(**extra):
    return ApplicantFactory(track_canada=True, carms_match_year=2027,
                            canadian_citizen_or_pr=True, **extra)


def _labels(response):
    return [bar.label for bar in response.context["board"].bars]


def test_the_canadian_bar_shows_only_for_applicants_who_track_it(client):
    plain, tracking = ApplicantFactory(), _tracking()
    client.force_login(plain.user)
    response = client.get(DASHBOARD)
    assert "Canadian route" not in _labels(response)
    assert "Canadian route" not in response.content.decode()
    client.force_login(tracking.user)
    response = client.get(DASHBOARD)
    assert _labels(response)[-1] == "Canadian route"
    page = response.content.decode()
    assert 'aria-label="Canadian route: 0 of 3 met"' in page
    assert "MCCQE Part I passed" in page  # its lines, in a group of their own


def test_a_passed_mccqe1_moves_the_bar_and_the_stored_summary(client):
    applicant = _tracking()
    client.force_login(applicant.user)
    MccAttemptFactory(applicant=applicant)
    road.refresh(applicant.pk)
    bar = client.get(DASHBOARD).context["board"].canada
    assert (bar.met, bar.total, bar.word) == (1, 3, "At risk")
    assert bar.note.startswith("Not started: NAC Examination passed")
    stored = Applicant.objects.get(pk=applicant.pk)
    assert (stored.canada_word, stored.canada_percent) == ("at_risk", 33)


@pytest.mark.parametrize("records", [1, 50])
def test_dashboard_query_count_holds_for_the_canadian_route(
        client, records, django_assert_max_num_queries):
    """The MCC sittings come in the dashboard's one preload query and both rule sets'
    requirements in one query: the budget of the US road alone (6) holds."""
    applicant = _tracking()
    start = date(2019, 1, 1)
    MccAttempt.objects.bulk_create(
        MccAttempt(applicant=applicant, exam="NAC" if i % 2 else "MCCQE1",
                   test_date=start + timedelta(days=30 * i), outcome="fail")
        for i in range(records))
    client.force_login(applicant.user)
    with django_assert_max_num_queries(6):
        response = client.get(DASHBOARD)
    assert response.context["board"].canada is not None


def test_opting_in_on_the_canadian_route_page(client):
    applicant = ApplicantFactory()
    client.force_login(applicant.user)
    page = client.get(CANADA).content.decode()
    assert "Turn this on to track" in page
    assert "What is met, what is missing" not in page
    response = client.post(CANADA, {"track_canada": "on", "carms_match_year": "2027",
                                    "canadian_citizen_or_pr": "on"}, follow=True)
    page = response.content.decode()
    assert "Your Canadian route settings are saved." in page
    assert "MCCQE Part I passed" in page and "0 of 3" in page
    assert "The 2027 CaRMS R-1 match" in page
    assert "First-iteration Match Day" in page and "estimated" in page
    applicant.refresh_from_db()
    assert applicant.track_canada and applicant.canada_word == "at_risk"


def test_a_match_year_out_of_range_is_refused_at_its_field(client):
    applicant = ApplicantFactory()
    client.force_login(applicant.user)
    response = client.post(CANADA, {"track_canada": "on", "carms_match_year": "27"})
    assert error_at(response, "carms_match_year") == "Enter a match year such as 2027."
    applicant.refresh_from_db()
    assert not applicant.track_canada  # nothing half-saved


def test_the_calendar_of_a_year_without_a_row_is_estimated(client):
    applicant = _tracking()
    applicant.carms_match_year = 2029
    applicant.save()
    client.force_login(applicant.user)
    response = client.get(CANADA)
    page = response.content.decode()
    assert "The 2029 CaRMS R-1 match" in page and "6 Mar 2029" in page  # first Tuesday
    assert "No Canadian route rules are on file for the 2029 match yet" in page


def test_carms_ineligibility_blocks_the_canadian_bar(client):
    applicant = _tracking(canadian_prior_training=True)
    client.force_login(applicant.user)
    bar = client.get(DASHBOARD).context["board"].canada
    assert bar.word == "Blocked"
    assert "CaRMS R-1 first iteration" in bar.note


def test_the_canadian_word_is_the_same_on_every_page(client):
    """One decision: the dashboard, the Canadian route page, the report and the stored
    summary say what road_summary decided."""
    applicant = _tracking()
    MccAttemptFactory(applicant=applicant, exam="NAC", outcome="pending", result_date=None,
                      test_date=date(2026, 9, 12))
    road.refresh(applicant.pk)
    client.force_login(applicant.user)
    dashboard = client.get(DASHBOARD).context["board"].canada
    page = client.get(CANADA).context["summary"].canada
    assert dashboard == page
    report = client.get(reverse("road:report")).content.decode()
    assert "Canadian route" in report and dashboard.word in report
    assert Applicant.objects.get(pk=applicant.pk).canada_word == str(dashboard.status)


@pytest.mark.parametrize("records", [1, 40])
def test_canadian_route_page_query_count_is_constant(client, records,
                                                     django_assert_max_num_queries):
    applicant = _tracking()
    MccAttempt.objects.bulk_create(
        MccAttempt(applicant=applicant, exam="MCCQE1", outcome="no_standing",
                   test_date=date(2019, 1, 1) + timedelta(days=20 * i)) for i in range(records))
    client.force_login(applicant.user)
    # session, user, the applicant with every record, rule sets, both sets' requirements,
    # the Match season, the CaRMS season
    with django_assert_max_num_queries(7):
        assert client.get(CANADA).status_code == 200
