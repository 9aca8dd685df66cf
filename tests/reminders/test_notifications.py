import pytest
from django.urls import reverse

from applicants.models import Notification
from applicants.notifications import notify

pytestmark = pytest.mark.django_db
URL = reverse("applicants:notifications")


def test_notify_shows_in_the_bell_and_the_list(applicant_client, applicant):
    notify(applicant, "test", "Your Step 1 test day is in 7 days", "/exams/")
    notify(applicant.pk, "test", "Second line")
    page = applicant_client.get(reverse("road:dashboard")).content.decode()
    assert 'data-testid="bell-count">2<' in page
    listing = applicant_client.get(URL).content.decode()
    assert "Your Step 1 test day is in 7 days" in listing
    assert listing.index("Second line") < listing.index("Your Step 1")  # newest first


def test_mark_one_then_all_read(applicant_client, applicant):
    first = notify(applicant, "test", "One")
    notify(applicant, "test", "Two")
    applicant_client.post(URL, {"id": [first.pk]})
    applicant.user.refresh_from_db()
    assert applicant.user.unread_notifications == 1
    applicant_client.post(URL)
    applicant.user.refresh_from_db()
    assert applicant.user.unread_notifications == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "bell-count" not in applicant_client.get(URL).content.decode()


def test_an_applicant_cannot_mark_or_see_anothers(client, applicant, other_applicant):
    theirs = notify(other_applicant, "test", "Private line")
    client.force_login(applicant.user)
    assert "Private line" not in client.get(URL).content.decode()
    client.post(URL, {"id": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None
