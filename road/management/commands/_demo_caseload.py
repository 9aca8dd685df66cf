"""The demo advisor's organisation and caseload (seed_demo): a lead, and applicants whose
roads differ (a stalled verification, a rejected transcript, three failed attempts, an
eligibility period running out, a school not in the directory, a US graduate), each sharing
their file by consent. Written through the services; a re-run adds nothing."""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile

from applicants.models import SHARED, Applicant, Consent, Membership, Organisation, User
from applicants.services import save_profile
from applicants.sharing.services import add_member
from certification.services import documents, records
from core import clock
from directory.models import MedicalSchool

ORGANISATION = "University of Lagos IMG Office"
LEAD = "lead@example.com"
UNASSIGNED = {"maria@example.com"}  # the lead's to assign


def _person(email: str, password: str, profile: dict) -> Applicant:
    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=email,
                                          defaults={"verified": True, "primary": True})
    existing = Applicant.objects.filter(user=user).first()
    if existing:
        return existing
    school = MedicalSchool.objects.filter(country="NG").order_by("name").first()
    base = dict(citizenships=["NG"], school_country="NG", school=school,
                school_name=school.name if school else "University of Ibadan",
                graduation_date=date(2022, 7, 1), target_match_year=2028)
    if "school_name" in profile:  # their own words: not matched to the directory
        base["school"] = None
    return save_profile(user=user, data={**base, **profile})


def _document(applicant, by, type_: str, pdf: bytes, *, sent_days_ago: int | None = None,
              rejected: str = ""):
    doc = documents.upload_document(applicant=applicant, by=by, type=type_,
                                    file=ContentFile(pdf, name="scan.pdf"))
    if sent_days_ago is not None or rejected:
        documents.send_document(doc, by=by)
    if rejected:
        documents.record_ecfmg_answer(doc, by=by, answer="rejected", reason=rejected,
                                      answered_on=clock.today())
    if sent_days_ago:  # a verification request that has waited this long
        doc.__class__.objects.filter(pk=doc.pk).update(
            state_changed_on=clock.today() - timedelta(days=sent_days_ago))


def _fails(applicant, exam: str, count: int):
    today = clock.today()
    for i in range(count):
        day = today - timedelta(days=400 - 120 * i)
        records.save_exam_attempt(applicant=applicant, data=dict(
            exam=exam, test_date=day, result_date=day + timedelta(days=21), outcome="fail"))


def seed_caseload(*, advisor: User, amara: Applicant, password: str,
                  pdf: bytes) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION)
    lead, created = User.objects.get_or_create(email=LEAD, defaults={"role": User.Role.ADVISOR})
    if created:
        lead.set_password(password)
        lead.save()
    EmailAddress.objects.update_or_create(user=lead, email=LEAD,
                                          defaults={"verified": True, "primary": True})
    add_member(organisation, lead, role=Membership.Role.LEAD)
    add_member(organisation, advisor, role=Membership.Role.ADVISOR)
    today = clock.today()
    people = [
        ("chidi@example.com", {"legal_name": "Chidi Eze"}, "stalled"),
        ("ngozi@example.com", {"legal_name": "Ngozi Adeyemi", "target_match_year": 2027},
         "rejected"),
        ("tunde@example.com", {"legal_name": "Tunde Bakare"}, "fails"),
        ("priya@example.com", {"legal_name": "Priya Raman", "citizenships": ["IN"],
                               "school_country": "IN",
                               "school_name": "Grant Government Medical College"},
         "eligibility"),
        ("maria@example.com", {"legal_name": "Maria Gonzalez", "citizenships": ["US"],
                               "school_country": "MX",
                               "school_name": "Universidad Autonoma de Guadalajara"}, ""),
        ("sam@example.com", {"legal_name": "Sam Carter", "citizenships": ["US"],
                             "school_country": "US", "school_accreditation": "LCME",
                             "school_name": "State University School of Medicine"}, ""),
    ]
    caseload = [amara]
    for email, profile, story in people:
        applicant = _person(email, password, profile)
        caseload.append(applicant)
        if applicant.documents.exists() or applicant.exams.exists():
            continue  # a re-run
        if story == "stalled":
            _document(applicant, applicant.user, "DIPLOMA", pdf, sent_days_ago=75)
            _document(applicant, applicant.user, "FINAL_TRANSCRIPT", pdf)
        elif story == "rejected":
            _document(applicant, applicant.user, "FINAL_TRANSCRIPT", pdf,
                      rejected="The translation is not certified.")
        elif story == "fails":
            _fails(applicant, "STEP1", 3)
        elif story == "eligibility":
            records.save_exam_attempt(applicant=applicant, data=dict(
                exam="STEP2CK", eligibility_start=today - timedelta(days=70),
                eligibility_end=today + timedelta(days=20)))
    for applicant in caseload:
        if not Consent.objects.active().filter(applicant=applicant,
                                               organisation=organisation).exists():
            assigned = applicant.user.email not in UNASSIGNED
            Consent.objects.create(applicant=applicant, organisation=organisation,
                                   advisor=advisor if assigned else None, shared=list(SHARED))
    return organisation
