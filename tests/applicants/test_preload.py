"""core.preload: one JSON query gives the same instances as prefetch_related."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import models, transaction

from applicants.dashboard.data import DASHBOARD
from applicants.models import Applicant
from certification.models import EcfmgRecord, ExamAttempt
from certification.progress import RECORDS, refresh_progress
from core import preload
from tests.factories import (
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
    decimals, JSON, countries, files."""
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
    SavedProgramFactory(applicant=applicant, program__no_requirement=["step2ck"],
                        program__criteria_notes={"step2ck": 2.5, "nested": [1, 0.25, "x"]})
    SavedProgramFactory(applicant=applicant)
    refresh_progress(applicant.pk)  # fills the JSON and datetime summary columns
    return applicant


def _columns(instance: models.Model) -> dict:
    """Every column as the instance holds it (before any descriptor wraps a value)."""
    return {f.attname: (type(instance.__dict__[f.attname]), instance.__dict__[f.attname])
            for f in instance._meta.concrete_fields}


def _tree(instance: models.Model, spec: preload.Spec) -> dict:
    """The instance's columns and, per relation of the spec, the same for the related rows,
    read from the caches only."""
    tree = {"columns": _columns(instance)}
    for name, nested in spec.items():
        value = getattr(instance, name)
        if isinstance(value, models.Manager):
            tree[name] = [_tree(child, nested) for child in value.all()]
        else:
            tree[name] = None if value is None else _tree(value, nested)
    return tree


def _queryset(applicant):
    return Applicant.objects.filter(pk=applicant.pk)


@pytest.mark.parametrize("spec", [RECORDS, DASHBOARD], ids=["records", "dashboard"])
def test_one_query_gives_what_prefetch_related_gives(spec, django_assert_num_queries):
    applicant = _full_applicant()
    with django_assert_num_queries(1):
        [loaded] = preload.load(_queryset(applicant), spec)
        tree = _tree(loaded, spec)  # every relation read from the cache
    [expected] = preload.load_with_orm(_queryset(applicant), spec)
    assert tree == _tree(expected, spec)  # same columns, same types, same order
    assert len(tree["exams"]) == 4 and len(tree["documents"]) == 2
    assert tree["columns"]["cert_total"][1] == 11  # the stored summary came along


def test_missing_rows_read_as_the_orm_reads_them(django_assert_num_queries):
    applicant = ApplicantFactory(school=None)
    with django_assert_num_queries(1):
        [loaded] = preload.load(_queryset(applicant), DASHBOARD)
        assert loaded.school is None
        with pytest.raises(EcfmgRecord.DoesNotExist):
            loaded.ecfmg  # noqa: B018 (the access is the test)
        assert list(loaded.exams.all()) == []
        assert list(loaded.saved_programs.all()) == []


def test_only_the_rows_of_the_given_queryset_load():
    mine, theirs = ApplicantFactory(), ApplicantFactory()
    ExamAttemptFactory(applicant=theirs)
    assert preload.load(Applicant.objects.visible_to(mine.user).filter(user=mine.user),
                        RECORDS) == [mine]
    assert preload.load(Applicant.objects.none(), RECORDS) == []
    both = preload.load(Applicant.objects.all(), RECORDS)
    assert {a.pk: len(a.exams.all()) for a in both} == {mine.pk: 0, theirs.pk: 1}


def test_chained_queries_on_a_loaded_relation_stay_with_their_owner():
    """A later .filter() on a preloaded relation queries the database for the owner's rows
    only, as it would after prefetch_related."""
    mine, theirs = ApplicantFactory(), ApplicantFactory()
    ExamAttemptFactory(applicant=mine, exam="STEP1")
    ExamAttemptFactory(applicant=theirs, exam="STEP1")
    [loaded] = preload.load(_queryset(mine), RECORDS)
    assert list(loaded.exams.filter(exam="STEP1").values_list("applicant_id", flat=True)) == [
        mine.pk]
    assert loaded.exams.count() == 1
    assert loaded.exams.all()[0].applicant is loaded  # the back reference is the owner


def test_a_relation_that_cannot_load_is_refused():
    with pytest.raises(ValueError, match="only foreign keys"):
        preload.load(ExamAttempt.objects.all(), {"exam": {}})


def test_json_columns_hold_floats_as_the_orm_gives_them():
    applicant = ApplicantFactory()
    SavedProgramFactory(applicant=applicant, program__criteria_notes={"weight": 0.5})
    [loaded] = preload.load(_queryset(applicant), DASHBOARD)
    notes = loaded.saved_programs.all()[0].program.criteria_notes
    assert notes == {"weight": 0.5} and type(notes["weight"]) is float


@pytest.mark.parametrize("narrowed", [
    lambda qs: qs.select_for_update(), lambda qs: qs.order_by("-pk")[:1],
    lambda qs: qs.only("legal_name"), lambda qs: qs.order_by("legal_name"),
], ids=["locked", "sliced", "deferred", "ordered"])
def test_a_queryset_asking_for_more_than_a_filter_goes_through_the_orm(narrowed):
    """Locking, slicing, deferring or ordering is honoured (by the ORM), not dropped."""
    applicant = ApplicantFactory()
    ExamAttemptFactory(applicant=applicant)
    with transaction.atomic():
        [loaded] = preload.load(narrowed(_queryset(applicant)), RECORDS)
    assert loaded == applicant and len(loaded.exams.all()) == 1


def test_rows_come_in_the_order_postgresql_gives_the_orm():
    """Sorted in SQL: the same collation and NULL placement as the ORM's ORDER BY."""
    applicant = ApplicantFactory()
    for exam, day in (("STEP2CK", date(2024, 1, 1)), ("STEP1", None), ("STEP1", date(2023, 5, 1)),
                      ("STEP1", date(2022, 5, 1))):
        ExamAttemptFactory(applicant=applicant, exam=exam, test_date=day, result_date=None,
                           outcome="" if day is None else "pass",
                           scheduled_date=date(2027, 1, 5) if day is None else None)
    [loaded] = preload.load(_queryset(applicant), RECORDS)
    assert [(e.exam, e.test_date) for e in loaded.exams.all()] == list(
        ExamAttempt.objects.filter(applicant=applicant).values_list("exam", "test_date"))
    assert [e.test_date for e in loaded.exams.all()][:3] == [
        date(2022, 5, 1), date(2023, 5, 1), None]  # NULLs last, as PostgreSQL sorts them
