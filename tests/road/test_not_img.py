"""Graduates who are not IMGs: no ECFMG certificate bar or checklist on any page; the pages
say what applies to them instead (issue 10). The decision is road_summary's."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applicants.models import Applicant
from core.status import CertificateState, CheckStatus, Verdict
from road.records import road_applicant
from road.refresh import refresh_road
from road.summary import road_summary
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

US_GRAD = {"school_country": "US", "school_accreditation": "LCME", "citizenships": ["US"],
           "school_name": "State University School of Medicine"}
CANADIAN_2024 = {"school_country": "CA", "school_accreditation": "CACMS",
                 "citizenships": ["CA"], "graduation_date": date(2024, 5, 20),
                 "school_name": "University of Toronto"}
CANADIAN_2026 = {**CANADIAN_2024, "graduation_date": date(2026, 5, 20)}
US_UNACCREDITED = {"school_country": "US", "school_accreditation": "", "citizenships": ["US"]}


@pytest.mark.parametrize(("profile", "applies", "heading", "reason"), [
    pytest.param(US_GRAD, False, "ECFMG certification does not apply to you",
                 "you enter the Match through your school", id="us-graduate"),
    pytest.param(CANADIAN_2024, False, "ECFMG certification does not apply to you",
                 "as a Canadian graduate", id="canadian-before-lcme-end"),
    pytest.param(US_UNACCREDITED, False,
                 "ECFMG certification is not open to graduates of your school",
                 "Check your school's accreditation", id="unaccredited-us-school"),
    pytest.param(CANADIAN_2026, True, "", "", id="canadian-2026-is-an-img"),
    pytest.param({}, True, "", "", id="img"),
])
def test_road_summary_decides_whether_the_certificate_applies(profile, applies, heading,
                                                              reason):
    applicant = ApplicantFactory(**profile)
    summary = road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)))
    assert summary.certificate_applies is applies
    assert summary.certificate_heading == heading
    assert reason in summary.certificate_reason
    assert (summary.certificate is None) is not applies
    if not applies:
        assert summary.certificate_state is CertificateState.NOT_APPLICABLE
        assert summary.blocking == ()
        assert summary.stored()["cert_word"] == ""


@pytest.mark.parametrize("profile", [US_GRAD, CANADIAN_2024], ids=["us", "canadian-2024"])
def test_no_certificate_bar_or_checklist_for_a_graduate_who_is_not_an_img(client, profile):
    applicant = ApplicantFactory(**profile)
    client.force_login(applicant.user)
    dashboard = client.get(reverse("road:dashboard")).content.decode()
    assert "Standard ECFMG Certificate</h2>" not in dashboard  # no certificate bar
    assert "Start here" not in dashboard and "Your ECFMG file" not in dashboard
    assert "ECFMG certification does not apply to you" in dashboard
    assert "Application and identity" not in dashboard and "Credentials</h3>" not in dashboard
    checklist = client.get(reverse("certification:checklist"))
    page = checklist.content.decode()
    assert "ECFMG certification does not apply to you" in page
    assert "requirements met" not in page and "lines" not in checklist.context
    pdf = client.get(reverse("road:report"), {"format": "pdf"}).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "ECFMG certification does not apply to you" in text
    assert "Standard ECFMG Certificate" not in text
    refresh_road(applicant.pk)
    stored = Applicant.objects.get(pk=applicant.pk)
    assert (stored.cert_status, stored.cert_word, stored.cert_total) == ("not_applicable", "", 0)


def test_a_canadian_2026_graduate_is_told_to_confirm_the_school_not_blocked(client):
    from tests.factories import MedicalSchoolFactory
    school = MedicalSchoolFactory(name="McGill University", country="CA", city="Montreal",
                                  sponsor_note=False, note_from_year=None)
    applicant = ApplicantFactory(**CANADIAN_2026, school=school)
    client.force_login(applicant.user)
    summary = road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)))
    assert summary.certificate_applies
    assert "Medical school eligible (ECFMG sponsor note)" not in summary.blocking
    for url in (reverse("road:dashboard"), reverse("certification:checklist")):
        page = client.get(url).content.decode()
        assert "whether Canadian schools carry one is not known yet: to confirm" in page
        assert "Blocked: Medical school" not in page


# The Match checks about ECFMG do not apply to a graduate who is not an IMG (issue 10).

ECFMG_CHECKS = ("N2-STEP1", "N2-STEP2CK", "N2-CS", "N3")


@pytest.mark.parametrize(("profile", "verdict", "met"), [
    pytest.param(US_GRAD, Verdict.ELIGIBLE, 2, id="us-citizen"),
    # a Canadian citizen needs a visa: the J-1 line asks to check ECFMG's sponsorship
    pytest.param(CANADIAN_2024, Verdict.UNKNOWN, 1, id="canadian-2024"),
])
def test_the_ecfmg_match_checks_read_does_not_apply_on_every_page(client, profile, verdict,
                                                                  met):
    from tests.factories import RegistrationFactory
    applicant = ApplicantFactory(**profile, target_match_year=2027)
    RegistrationFactory(applicant=applicant, visa_need="none")
    client.force_login(applicant.user)

    summary = road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)))
    assert [summary.status_of(code) for code in ECFMG_CHECKS] == [
        CheckStatus.NOT_APPLICABLE] * 4
    assert (summary.verdict, summary.match_bar.met, summary.match_bar.total) == (
        verdict, met, 2)

    match = client.get(reverse("residency:match")).content.decode()
    assert match.count("Does not apply to you") == 4
    assert "ECFMG certification does not apply to you, so NRMP does not ask ECFMG" in match
    assert "At risk" not in match and "Not started" not in match
    assert "NRMP asks ECFMG for nothing" in match
    dashboard = client.get(reverse("road:dashboard")).content.decode()
    assert summary.match_bar.word in dashboard and "At risk" not in dashboard
    assert "Not started" not in dashboard
    pdf = client.get(reverse("road:report"), {"format": "pdf"}).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"{met} of 2 met" in text and "At risk" not in text
    refresh_road(applicant.pk)
    stored = Applicant.objects.get(pk=applicant.pk)
    assert (stored.match_status, stored.match_word, stored.match_problems) == (
        str(verdict), str(verdict), [])


def test_an_unaccredited_school_keeps_the_ecfmg_match_checks():
    """ECFMG never certifies its graduates: the checks stand (they cannot be met)."""
    applicant = ApplicantFactory(**US_UNACCREDITED, target_match_year=2027)
    summary = road_summary(road_applicant(Applicant.objects.filter(pk=applicant.pk)))
    assert CheckStatus.NOT_APPLICABLE not in [summary.status_of(c) for c in ECFMG_CHECKS]
