import pytest
from django.urls import reverse

from core import reference_cache
from residency.models import MatchSeason
from tests.rulesets import edit_requirement

pytestmark = pytest.mark.django_db
URL = reverse("road:dashboard")


@pytest.fixture
def caching(settings):
    settings.REFERENCE_CACHE_SECONDS = 60
    reference_cache.clear()
    yield
    reference_cache.clear()


def test_rule_sets_and_seasons_are_read_once_per_process(
    caching, applicant_client, django_assert_max_num_queries
):
    applicant_client.get(URL)  # fills the cache
    # session, user, the applicant with every record, registration and saved program (one
    # query: core.preload)
    with django_assert_max_num_queries(3):
        assert applicant_client.get(URL).status_code == 200


def test_an_edit_clears_the_cache(caching, applicant_client):
    applicant_client.get(reverse("certification:checklist"))
    edit_requirement("RS-2027-P", "C-STEP1", title="Step 1, passed once")
    assert "Step 1, passed once" in applicant_client.get(
        reverse("certification:checklist")).content.decode()


def test_a_season_edit_clears_the_cache(caching, applicant_client, applicant):
    applicant.target_match_year = 2027
    applicant.save()
    applicant_client.get(reverse("residency:match"))
    season = MatchSeason.objects.get(year=2027)
    season.status = MatchSeason.Status.CONFIRMED
    season.save()
    assert reference_cache._store == {}
