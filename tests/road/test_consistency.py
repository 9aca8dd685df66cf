"""One word per decision (issue 10): for a table of varied applicants the dashboard, the
Match page, the checklist, the PDF report and the stored summary say the same words, the
ones road_summary decided."""

import io
import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applicants.models import Applicant
from certification.models import ExamAttempt, OetSitting
from core.status import display
from road.records import road_applicant
from road.refresh import refresh_road
from road.summary import road_summary
from tests.factories import (
    ApplicantFactory,
    CredentialDocumentFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    PathwayApplicationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

US_GRAD = {"school_country": "US", "school_accreditation": "LCME", "citizenships": ["US"]}
CMG_2024 = {"school_country": "CA", "school_accreditation": "CACMS", "citizenships": ["CA"],
            "graduation_date": date(2024, 5, 20)}
CMG_2026 = {**CMG_2024, "graduation_date": date(2026, 5, 20)}
US_IMG = {"citizenships": ["US"]}
GREEN_CARD = {"us_permanent_resident": True}


def step(applicant, exam, outcome="pass", on=date(2024, 3, 10), score=None):
    ExamAttemptFactory(applicant=applicant, exam=exam, test_date=on, outcome=outcome,
                       score=score, eligibility_start=None, eligibility_end=None)


def four_step1_fails(a):
    for on in (date(2024, 1, 10), date(2024, 3, 10), date(2024, 5, 10), date(2025, 6, 10)):
        step(a, "STEP1", "fail", on)


def exams_passed(a):
    step(a, "STEP1")
    step(a, "STEP2CK", on=date(2025, 8, 1), score=240)


def pathway_accepted(a, season=2027):
    PathwayApplicationFactory(applicant=a, season=season, status="accepted",
                              decided_on=date(2026, 10, 1))


def oet_short(a):
    OetSitting.objects.create(applicant=a, test_date=date(2025, 3, 1), listening=400,
                              reading=400, writing=280, speaking=400)
    OetSitting.objects.create(applicant=a, test_date=date(2025, 6, 1), listening=340,
                              reading=400, writing=400, speaking=400)


def ck_booked(a):
    ExamAttempt.objects.create(applicant=a, exam="STEP2CK", scheduled_date=date(2027, 1, 20),
                               eligibility_start=date(2026, 12, 1),
                               eligibility_end=date(2027, 2, 28))


def registered(a, season=2027):
    RegistrationFactory(applicant=a, season=season)


def issued(a):
    EcfmgRecordFactory(applicant=a, certificate_issued_on=date(2026, 3, 1))


def everything(a):
    issued(a)
    exams_passed(a)
    pathway_accepted(a)
    registered(a)


def diploma_answered(state, reason=""):
    def add(a):
        CredentialDocumentFactory(applicant=a, state=state, state_changed_on=date(2026, 9, 1),
                                  ecfmg_answered_on=date(2026, 10, 1), rejection_reason=reason)
    return add


def seven_years_apart(a):
    step(a, "STEP1", on=date(2016, 3, 10))
    step(a, "STEP2CK", on=date(2025, 8, 1), score=240)


def no_visa_on_purpose(a):
    RegistrationFactory(applicant=a, season=2027, visa_need="not_needed")


CASES = [
    ("new-img-2028", {}, ()),
    ("new-img-2027", {"target_match_year": 2027}, ()),
    ("new-img-2029", {"target_match_year": 2029}, ()),
    ("season-over-2026", {"target_match_year": 2026}, ()),
    ("us-graduate", US_GRAD, ()),
    ("canadian-2024", CMG_2024, ()),
    ("canadian-2026-img", {**CMG_2026, "target_match_year": 2027}, ()),
    ("us-img-step1", {**US_IMG, "target_match_year": 2027}, (lambda a: step(a, "STEP1"),)),
    ("green-card-exams", {**GREEN_CARD, "target_match_year": 2027}, (exams_passed,)),
    ("four-step1-fails", {"target_match_year": 2027}, (four_step1_fails,)),
    ("ck-booked", {"target_match_year": 2027}, (lambda a: step(a, "STEP1"), ck_booked)),
    ("oet-short", {"target_match_year": 2027}, (oet_short,)),
    ("pathway-own-season", {"target_match_year": 2027}, (pathway_accepted,)),
    ("pathway-earlier-season", {}, (pathway_accepted,)),
    ("registered-j1", {"target_match_year": 2027}, (registered, exams_passed)),
    ("certificate-issued", {"target_match_year": 2027}, (issued,)),
    ("everything-2027", {"target_match_year": 2027}, (everything,)),
    ("everything-us-img", {**US_IMG, "target_match_year": 2027}, (everything,)),
    ("step2ck-failed", {"target_match_year": 2027},
     (lambda a: step(a, "STEP2CK", "fail", date(2025, 8, 1), 200),)),
    ("registered-2028", {}, (lambda a: registered(a, 2028),)),
    ("us-graduate-registered", {**US_GRAD, "target_match_year": 2027}, (registered,)),
    ("exams-no-pathway-2028", {}, (exams_passed,)),
    # issue 10, the rest: ECFMG's answer as the applicant records it, the 7-year warning,
    # a deliberate "no visa needed", a pre-change Canadian graduate registered
    ("diploma-verified-by-ecfmg", {"target_match_year": 2027},
     (diploma_answered("verified"),)),
    ("diploma-rejected-by-ecfmg", {"target_match_year": 2027},
     (diploma_answered("rejected", "The seal is not legible."),)),
    ("seven-year-warning", {"target_match_year": 2027}, (seven_years_apart,)),
    ("no-visa-needed-on-purpose", {"target_match_year": 2027}, (no_visa_on_purpose,)),
    ("canadian-2024-registered", {**CMG_2024, "target_match_year": 2027}, (registered,)),
]


def _text(html: str) -> str:
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r" ([.,;:])", r"\1", text)


@pytest.mark.parametrize(("profile", "records"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_every_page_says_the_words_road_summary_decided(client, profile, records):
    applicant = ApplicantFactory(**profile)
    for add in records:
        add(applicant)
    summary = road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)))
    cert, match = summary.certificate, summary.match_bar
    client.force_login(applicant.user)

    dashboard = client.get(reverse("road:dashboard")).content.decode()
    words = re.findall(r'<span class="word word-[^"]*">([^<]*)</span>', dashboard)
    assert words == [b.word for b in (cert, match) if b]

    match_page = client.get(reverse("residency:match")).content.decode()
    heading = re.search(r'id="verdict-heading">(.*?)</h2>', match_page).group(1)
    assert heading == match.word
    assert _text(summary.rank_line) in _text(match_page)
    for check in summary.match.eligibility.checks:  # each check's word, as decided
        block = re.search(rf'id="check-{check.code}">.*?<span class="badge[^"]*">([^<]*)</span>',
                          match_page, re.S)
        assert block.group(1) == display(summary.status_of(check.code)).word

    checklist = _text(client.get(reverse("certification:checklist")).content.decode())
    if cert:
        assert f"Certificate: {cert.word}." in checklist
    else:
        assert summary.certificate_heading in checklist

    pdf = client.get(reverse("road:report"), {"format": "pdf"}).content
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in
                                        PdfReader(io.BytesIO(pdf)).pages))
    for bar in (b for b in (cert, match) if b):
        assert f"{bar.met} of {bar.total} met ({bar.percent}%) · {bar.word}" in text
    if cert is None:
        assert summary.certificate_heading in text

    refresh_road(applicant.pk)
    stored = Applicant.objects.get(pk=applicant.pk)
    assert display(stored.match_word).word == match.word == heading
    assert display(stored.match_status).word == heading
    assert stored.cert_word == (str(cert.status) if cert else "")
    if cert:
        assert display(stored.cert_word).word == cert.word
    assert stored.cert_status == str(summary.certificate_state)


def test_the_table_is_varied():
    assert len(CASES) >= 20 and len({c[0] for c in CASES}) == len(CASES)
