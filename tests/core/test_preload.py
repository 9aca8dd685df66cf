"""core.preload: one query gives each owner's records as plain rows, the same rows the
per-relation path (other databases) gives, with every column's value and type."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.http import Http404

from applicants.models import Applicant
from applicants.selectors import own_applicant_queryset
from certification.models import CredentialDocument, EcfmgRecord, ExamAttempt
from core import preload
from residency.models import Program, SavedProgram
from road.records import ROAD_RECORDS
from road.refresh import refresh_road
from tests.factories import (
    AdvisorFactory,
    ApplicantFactory,
    CredentialDocumentFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    MedicalSchoolFactory,
    OetSittingFactory,
    PathwayApplicationFactory,
    RegistrationFactory,
    SavedProgramFactory,
)

pytestmark = pytest.mark.django_db


def _full_applicant() -> Applicant:
    """An applicant with a record of every kind and most columns filled: dates, times,
    decimals, JSON, countries."""
    school = MedicalSchoolFactory(country="PH")
    applicant = ApplicantFactory(school=school, citizenships=["PH", "DE"],
                                 time_zone="Asia/Manila")
    EcfmgRecordFactory(applicant=applicant, account_verified_on=date(2023, 7, 1))
    CredentialDocumentFactory(applicant=applicant, granting_school=MedicalSchoolFactory(),
                              credit_years=Decimal("1.5"), transferred=True)
    CredentialDocumentFactory(applicant=applicant, type="FINAL_TRANSCRIPT", state="verified",
                              state_changed_on=date(2024, 2, 2))
    for day in (date(2024, 3, 10), date(2023, 1, 5), date(2025, 6, 1)):
        ExamAttemptFactory(applicant=applicant, test_date=day, exam="STEP2CK", score=231,
                           outcome="pass")
    ExamAttemptFactory(applicant=applicant, test_date=None, scheduled_date=date(2027, 1, 9),
                       outcome="", result_date=None)
    OetSittingFactory(applicant=applicant)
    PathwayApplicationFactory(applicant=applicant)
    RegistrationFactory(applicant=applicant, season=2028)
    RegistrationFactory(applicant=applicant, season=2027)
    SavedProgramFactory(applicant=applicant, program__no_requirement=["step2ck"])
    SavedProgramFactory(applicant=applicant)
    refresh_road(applicant.pk)
    return applicant


def _plain(value):
    """Rows as nested dicts with each value's type, to compare two loads exactly."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, preload.Row):
        return {k: _plain(v) for k, v in vars(value).items()}
    return (type(value), value)


def _queryset(applicant):
    return Applicant.objects.filter(pk=applicant.pk)


def test_one_query_gives_what_the_per_relation_path_gives(django_assert_num_queries):
    applicant = _full_applicant()
    with django_assert_num_queries(1):
        [loaded] = preload.load(_queryset(applicant), ROAD_RECORDS)
        one_query = _plain(loaded.records)
    each = _plain(preload._load_each(_queryset(applicant), ROAD_RECORDS)[0].records)
    assert one_query == each


def test_rows_hold_what_the_database_holds():
    applicant = _full_applicant()
    [loaded] = preload.load(_queryset(applicant), ROAD_RECORDS)
    records = loaded.records
    assert loaded.legal_name == applicant.legal_name  # the owner stays a model instance
    assert records.school.country == "PH"
    assert records.ecfmg.account_verified_on == date(2023, 7, 1)
    transferred = next(d for d in records.documents if d.transferred)
    assert transferred.credit_years == Decimal("1.5")
    assert transferred.granting_school.id == CredentialDocument.objects.get(
        transferred=True).granting_school_id
    # the model's own order (exam, test_date, pk), as the ORM gives it
    assert [e.id for e in records.exams] == list(
        ExamAttempt.objects.filter(applicant=applicant).values_list("pk", flat=True))
    assert [r.season for r in records.registrations] == list(
        applicant.registrations.values_list("season", flat=True))
    saved = next(s for s in records.saved_programs if s.program.no_requirement)
    assert saved.program.no_requirement == ["step2ck"]


def test_times_and_decimals_come_back_as_the_orm_gives_them():
    applicant = _full_applicant()
    spec = {"documents": preload.Related(CredentialDocument, "applicant",
                                         ("uploaded_at", "credit_years", "state_changed_on"))}
    [loaded] = preload.load(_queryset(applicant), spec)
    expected = list(CredentialDocument.objects.filter(applicant=applicant).values(
        "uploaded_at", "credit_years", "state_changed_on"))
    assert [vars(d) for d in loaded.records.documents] == expected
    assert isinstance(loaded.records.documents[0].uploaded_at, datetime)
    each = preload._load_each(_queryset(applicant), spec)[0]
    assert _plain(loaded.records) == _plain(each.records)


def test_an_applicant_without_records_has_empty_lists_and_no_file():
    applicant = ApplicantFactory(school=None, school_name="Somewhere")
    [loaded] = preload.load(_queryset(applicant), ROAD_RECORDS)
    assert loaded.records.exams == [] and loaded.records.documents == []
    assert loaded.records.ecfmg is None and loaded.records.school is None
    assert not EcfmgRecord.objects.filter(applicant=applicant).exists()


def test_only_the_rows_of_the_callers_queryset_are_read(django_assert_num_queries):
    mine, other = _full_applicant(), ApplicantFactory()
    ExamAttemptFactory(applicant=other)
    with django_assert_num_queries(1):
        found = preload.load(Applicant.objects.filter(pk=other.pk), ROAD_RECORDS)
    assert [a.pk for a in found] == [other.pk]
    assert {e.id for e in found[0].records.exams}.isdisjoint(
        mine.exams.values_list("pk", flat=True))
    assert preload.load(Applicant.objects.none(), ROAD_RECORDS) == []


def test_a_locked_queryset_is_honoured(django_assert_num_queries):
    applicant = _full_applicant()
    from django.db import transaction

    with transaction.atomic(), django_assert_num_queries(1) as captured:
        preload.load(_queryset(applicant).select_for_update(), ROAD_RECORDS)
    assert "FOR UPDATE" in captured.captured_queries[0]["sql"]


def test_the_query_count_does_not_grow_with_the_records(django_assert_num_queries):
    applicant = _full_applicant()
    for _ in range(20):
        ExamAttemptFactory(applicant=applicant)
        SavedProgramFactory(applicant=applicant)
    with django_assert_num_queries(1):
        [loaded] = preload.load(_queryset(applicant), ROAD_RECORDS)
    assert len(loaded.records.saved_programs) == 22


@pytest.mark.parametrize("shape", ["sliced", "ordered", "only", "distinct", "joined"])
def test_the_callers_queryset_keeps_its_shape(shape):
    """The loader annotates the caller's queryset: slicing, ordering, deferred fields,
    DISTINCT and joins stay as the caller asked, and the records are the same either way."""
    first, second = _full_applicant(), ApplicantFactory(legal_name="Zed Second")
    ExamAttemptFactory(applicant=second, exam="STEP2CK", test_date=None, outcome="")
    both = Applicant.objects.filter(pk__in=[first.pk, second.pk])
    queryset = {
        "sliced": both.order_by("pk")[1:],
        "ordered": both.order_by("-legal_name"),
        "only": both.only("legal_name").order_by("pk"),
        "distinct": both.filter(exams__isnull=False).distinct().order_by("pk"),
        "joined": both.filter(user__email=second.user.email),
    }[shape]
    loaded = preload.load(queryset, ROAD_RECORDS)
    each = preload._load_each(queryset, ROAD_RECORDS)
    assert [a.pk for a in loaded] == [a.pk for a in each] == [a.pk for a in queryset]
    assert [_plain(a.records) for a in loaded] == [_plain(a.records) for a in each]


def test_json_columns_keep_their_floats_and_nesting():
    applicant = ApplicantFactory()
    notes = {"step2ck": 2.5, "nested": [1, 0.25, "x"], "none": None}
    SavedProgramFactory(applicant=applicant, program__criteria_notes=notes)
    program = preload.Related(Program, "pk", ("criteria_notes", "img_share"), many=False,
                              owner_key="program_id")
    spec = {"saved": preload.Related(SavedProgram, "applicant", ("program_id",),
                                     nested={"program": program})}
    [loaded] = preload.load(_queryset(applicant), spec)
    saved = loaded.records.saved[0].program
    assert saved.criteria_notes == notes
    stored = Program.objects.get()
    assert (type(saved.img_share), saved.img_share) == (type(stored.img_share),
                                                        stored.img_share)
    each = preload._load_each(_queryset(applicant), spec)[0]
    assert _plain(loaded.records) == _plain(each.records)


def test_load_own_gives_each_user_their_own_rows_as_load_does(django_assert_num_queries):
    """load_own compiles the owner's SQL once with a stand-in user: each call still reads
    the signed-in user's own applicant and records, exactly as load() reads them, in one
    query, and the permission helper's refusal stands."""
    first, second = _full_applicant(), ApplicantFactory(legal_name="Second Applicant")
    for applicant in (first, second, first):
        with django_assert_num_queries(1):
            [own] = preload.load_own(applicant.user, own_applicant_queryset, ROAD_RECORDS)
        [expected] = preload.load(own_applicant_queryset(applicant.user), ROAD_RECORDS)
        assert own.pk == applicant.pk and own.legal_name == applicant.legal_name
        assert _plain(own.records) == _plain(expected.records)
        assert {f.attname: getattr(own, f.attname) for f in Applicant._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in Applicant._meta.concrete_fields}
    with pytest.raises(Http404):
        preload.load_own(AdvisorFactory(), own_applicant_queryset, ROAD_RECORDS)


def test_load_one_reads_the_row_asked_for_with_its_records_as_load_does(
        django_assert_num_queries):
    """load_one (the advisor's file, after access_case granted the applicant) compiles its
    SQL once: each call reads the applicant whose id it is given, exactly as load() reads
    them, in one query; an id no row has gives None."""
    first, second = _full_applicant(), ApplicantFactory(legal_name="Second Applicant")
    for applicant in (first, second, first):
        with django_assert_num_queries(1):
            one = preload.load_one(Applicant, applicant.pk, ROAD_RECORDS)
        [expected] = preload.load(Applicant.objects.filter(pk=applicant.pk), ROAD_RECORDS)
        assert one.pk == applicant.pk and one.legal_name == applicant.legal_name
        assert _plain(one.records) == _plain(expected.records)
        assert {f.attname: getattr(one, f.attname) for f in Applicant._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in Applicant._meta.concrete_fields}
    assert preload.load_one(Applicant, second.pk + 1000, ROAD_RECORDS) is None
