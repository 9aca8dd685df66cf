"""The dashboard's "Next 90 days" and timeline read the stored deadline rows."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core import clock, road
from tests.factories import RegistrationFactory, ResidencyApplicationFactory

pytestmark = pytest.mark.django_db
URL = reverse("road:dashboard")
NOW = date(2026, 9, 1)  # the NRMP standard registration deadline of the 2027 Match is ahead


@pytest.fixture
def on_day(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: NOW)


def _next_90(page: str) -> str:
    return page.split('id="deadlines-heading"')[1].split("</section>")[0]


def test_a_done_deadline_leaves_next_90_days(applicant_client, applicant, on_day):
    applicant.target_match_year = 2027
    applicant.save()
    road.refresh(applicant.pk, NOW)
    page = applicant_client.get(URL).content.decode()
    assert "NRMP applicant registration opens" in _next_90(page)
    RegistrationFactory(applicant=applicant, season=2027, nrmp_registered_on=NOW)
    road.refresh(applicant.pk, NOW)
    assert "NRMP applicant registration opens" not in _next_90(
        applicant_client.get(URL).content.decode())


def test_a_booked_interview_is_listed_and_on_the_timeline(applicant_client, applicant,
                                                         on_day):
    application = ResidencyApplicationFactory(applicant=applicant, status="interview",
                                              interview_on=NOW + timedelta(days=20))
    road.refresh(applicant.pk, NOW)
    page = applicant_client.get(URL).content.decode()
    title = f"Interview: {application.program.name}"
    assert title in _next_90(page)
    assert title in page.split('<ol class="timeline-list">')[1]


def test_estimated_dates_say_so(applicant_client, applicant, on_day):
    applicant.target_match_year = 2027
    applicant.save()
    road.refresh(applicant.pk, NOW)
    assert "(estimated)" in _next_90(applicant_client.get(URL).content.decode())
