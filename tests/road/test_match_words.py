"""The Match page and the dashboard say eligible-to-rank apart from what training needs by
1 July, in road_summary's words (issue 10)."""

import pytest
from django.urls import reverse

from applicants.models import Applicant
from core.status import word
from residency.progress import road_applicant
from road.summary import road_summary

pytestmark = pytest.mark.django_db


def test_the_match_page_and_dashboard_say_to_rank_and_to_train_apart(applicant_client,
                                                                      applicant):
    summary = road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)))
    e = summary.match.eligibility
    match_page = applicant_client.get(reverse("residency:match")).content.decode()
    assert summary.rank_line in match_page and summary.train_line in match_page
    assert "To rank in the 2028 Match:" in summary.rank_line
    assert "the certificate itself is not needed to match" in summary.rank_line
    assert "To start training on 2028-07-01" in summary.train_line
    dashboard = applicant_client.get(reverse("road:dashboard")).content.decode()
    assert (f"To rank: {word(e.to_rank)}; to start training: {word(e.to_train)}."
            in dashboard)
