"""One way to write a day on every applicant page ("5 Jan 2027"), date boxes that say how
they read, and times in the applicant's own zone beside the official US Eastern one."""

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from certification.models import CredentialDocument
from core import road
from core.dates import ISO_DAY, day, plain_dates
from tests.browser.pages import APPLICANT_PAGES
from tests.factories import (
    CredentialDocumentFactory,
    ExamAttemptFactory,
    OetSittingFactory,
    RegistrationFactory,
    SavedProgramFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "shown"), [
    ("2027-05-01 is in the future", "1 May 2027 is in the future"),
    ("from 2026-06-03 to 2026-09-30", "from 3 Jun 2026 to 30 Sep 2026"),
    ("code 2026-13-45 stays", "code 2026-13-45 stays"),  # not a day: left alone
])
def test_iso_days_in_sentences_are_written_for_people(text, shown):
    assert plain_dates(text) == shown
    assert day(date(2027, 1, 5)) == "5 Jan 2027"


def test_a_future_date_error_reads_day_month_year(applicant_client):
    response = applicant_client.post(reverse("certification:exam-add"), {
        "exam": "STEP1", "test_date": "2099-05-01", "outcome": "pass"})
    page = response.content.decode()
    assert "1 May 2099" in page and "2099-05-01 is" not in page


def test_record_lists_write_days_the_same_way(applicant_client, applicant):
    ExamAttemptFactory(applicant=applicant, exam="STEP1", test_date=date(2025, 1, 5))
    page = applicant_client.get(reverse("certification:exams")).content.decode()
    assert "5 Jan 2025" in page and "2025-01-05" not in page


def test_date_boxes_say_how_they_read(applicant_client):
    page = applicant_client.get(reverse("certification:exam-add")).content.decode()
    block = page.split('for="id_test_date"')[1].split('class="field')[0]
    assert "your device's own order" in block and "5 Jan 2027" in block


def test_upload_time_is_shown_in_eastern_and_in_the_applicants_zone(applicant_client,
                                                                     applicant):
    applicant.time_zone = "Africa/Lagos"
    applicant.save()
    document = CredentialDocumentFactory(applicant=applicant)
    CredentialDocument.objects.filter(pk=document.pk).update(
        uploaded_at=datetime(2026, 12, 1, 18, 17, tzinfo=UTC))
    page = applicant_client.get(reverse("certification:document-detail",
                                        args=[document.pk])).content.decode()
    assert "1 Dec 2026, 13:17 ET (19:17 your time, Africa/Lagos)" in page
    assert "EST" not in page


class _Text(HTMLParser):
    """The words a reader sees: text outside tags, scripts and styles."""

    def __init__(self):
        super().__init__()
        self.words, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"script", "style", "template"}

    def handle_endtag(self, tag):
        self._skip -= tag in {"script", "style", "template"} and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.words.append(data)


def _seen(html: str) -> str:
    reader = _Text()
    reader.feed(html)
    return " ".join(reader.words)


@pytest.mark.parametrize("name", APPLICANT_PAGES)
def test_no_applicant_page_shows_a_day_as_iso(applicant_client, applicant, name):
    ExamAttemptFactory(applicant=applicant, exam="STEP1", test_date=date(2025, 1, 5))
    ExamAttemptFactory(applicant=applicant, exam="STEP2CK", test_date=None, result_date=None,
                       outcome="", scheduled_date=date(2027, 1, 9))
    OetSittingFactory(applicant=applicant)
    RegistrationFactory(applicant=applicant)
    SavedProgramFactory(applicant=applicant)
    road.refresh(applicant.pk)
    response = applicant_client.get(reverse(name))
    assert response.status_code == 200
    seen = _seen(response.content.decode())
    seen = " ".join(seen.split())
    found = [seen[max(0, m.start() - 60):m.end() + 10] for m in ISO_DAY.finditer(seen)]
    assert not found, found
