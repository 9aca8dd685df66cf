"""Every deadline source: the road refresh creates its row, moves it when the date moves,
and marks it done when the task is done (or the record no longer states it)."""

from datetime import date, timedelta

import pytest

from applicants.models import Deadline
from applicants.reminders.sources import sources
from certification.models import CredentialDocument
from core import road
from tests.factories import (
    CredentialDocumentFactory,
    EcfmgRecordFactory,
    ExamAttemptFactory,
    OetSittingFactory,
    PathwayApplicationFactory,
    ProgramFactory,
    RegistrationFactory,
    ResidencyApplicationFactory,
    SavedProgramFactory,
)

pytestmark = pytest.mark.django_db


def row(applicant, key) -> Deadline:
    road.refresh(applicant.pk)
    return Deadline.objects.get(applicant=applicant, source_key=key)


def day(deadline: Deadline) -> date:
    from zoneinfo import ZoneInfo

    return deadline.due_at.astimezone(ZoneInfo(deadline.zone)).date()


def save(record, **changes):
    for name, value in changes.items():
        setattr(record, name, value)
    record.save()


def assert_lifecycle(applicant, key, record, first, move, moved_to, complete):
    created = row(applicant, key)
    assert day(created) == first and created.done_at is None
    save(record, **move)
    moved = row(applicant, key)
    assert moved.pk == created.pk and day(moved) == moved_to and moved.done_at is None
    complete()
    assert row(applicant, key).done_at is not None


def test_every_source_is_registered():
    import road.refresh  # noqa: F401 (imports every app's sources, as the refresh does)

    assert {s.source_key for s in sources()} >= {
        "exam", "oet", "pathway", "document", "season", "result", "certificate", "interview",
        "apply"}


@pytest.mark.parametrize(("what", "first", "moved"), [
    ("eligibility_end", date(2027, 3, 31), date(2027, 4, 30)),
    ("extension", date(2027, 4, 25), date(2027, 5, 25)),
])
def test_exam_eligibility_period_and_extension_window(applicant, what, first, moved):
    exam = ExamAttemptFactory(applicant=applicant, eligibility_start=date(2027, 1, 1),
                              eligibility_end=date(2027, 3, 31), test_date=None,
                              result_date=None, outcome="")
    assert_lifecycle(applicant, f"exam:{exam.id}:{what}", exam, first,
                     {"eligibility_end": date(2027, 4, 30)}, moved,
                     lambda: save(exam, test_date=date(2027, 4, 2), outcome="pass"))


def test_booked_exam_test_day(applicant):
    exam = ExamAttemptFactory(applicant=applicant, scheduled_date=date(2027, 2, 1),
                              test_date=None, result_date=None, outcome="")
    assert_lifecycle(applicant, f"exam:{exam.id}:test_day", exam, date(2027, 2, 1),
                     {"scheduled_date": date(2027, 2, 8)}, date(2027, 2, 8),
                     lambda: save(exam, test_date=date(2027, 2, 8)))


def test_booked_oet_sitting(applicant):
    sitting = OetSittingFactory(applicant=applicant, test_date=date(2027, 2, 6),
                                result_date=None, listening=None, reading=None, writing=None,
                                speaking=None)
    assert_lifecycle(applicant, f"oet:{sitting.id}:test_day", sitting, date(2027, 2, 6),
                     {"test_date": date(2027, 2, 13)}, date(2027, 2, 13),
                     lambda: save(sitting, listening=380, reading=360, writing=320,
                                  speaking=400))


def test_expected_exam_result(applicant):
    exam = ExamAttemptFactory(applicant=applicant, exam="STEP2CK", test_date=date(2027, 1, 4),
                              result_date=None, outcome="")
    created = row(applicant, f"result:exam:{exam.id}")
    assert not created.confirmed  # an estimate
    assert_lifecycle(applicant, f"result:exam:{exam.id}", exam, date(2027, 2, 1),
                     {"test_date": date(2027, 1, 11)}, date(2027, 2, 8),
                     lambda: save(exam, outcome="pass", score=250, result_date=date(2027, 2, 3)))


def test_expected_oet_result(applicant):
    sitting = OetSittingFactory(applicant=applicant, test_date=date(2027, 2, 6),
                                result_date=None, listening=None, reading=None, writing=None,
                                speaking=None)
    assert_lifecycle(applicant, f"result:oet:{sitting.id}", sitting, date(2027, 2, 23),
                     {"test_date": date(2027, 2, 13)}, date(2027, 3, 2),
                     lambda: save(sitting, listening=380, reading=360, writing=320,
                                  speaking=400))


def test_pathway_acceptance_expiring(applicant):
    pathway = PathwayApplicationFactory(applicant=applicant, status="accepted",
                                        decided_on=date(2026, 10, 1),
                                        valid_through=date(2027, 12, 31))
    assert_lifecycle(applicant, f"pathway:{pathway.id}:valid_through", pathway,
                     date(2027, 12, 31), {"valid_through": date(2028, 1, 31)},
                     date(2028, 1, 31),
                     lambda: EcfmgRecordFactory(applicant=applicant,
                                                certificate_issued_on=date(2027, 5, 1)))


def test_pathway_decision_expected(applicant):
    pathway = PathwayApplicationFactory(applicant=applicant, submitted_on=date(2026, 9, 1))
    assert_lifecycle(applicant, f"result:pathway:{pathway.id}", pathway,
                     date(2026, 10, 27), {"submitted_on": date(2026, 9, 8)},
                     date(2026, 11, 3),
                     lambda: save(pathway, status="accepted", decided_on=date(2026, 10, 1)))


def test_season_dates_of_the_target_season(applicant):
    applicant.target_match_year = 2027
    applicant.save()
    deadline = row(applicant, "season:2027:standard_registration_deadline")
    assert deadline.zone == "America/New_York"
    assert not deadline.confirmed  # no admin calendar: derived, so estimated
    registration = RegistrationFactory(applicant=applicant, season=2027,
                                       nrmp_registered_on=None)
    assert row(applicant, "season:2027:late_registration").done_at is None
    save(registration, nrmp_registered_on=date(2026, 9, 20))
    road.refresh(applicant.pk)
    for key in ("standard_registration_deadline", "late_registration"):
        assert Deadline.objects.get(source_key=f"season:2027:{key}").done_at is not None
    assert Deadline.objects.get(source_key="season:2027:match_day").done_at is None


def test_season_date_moves_when_the_admin_edits_the_calendar(applicant):
    from residency.models import MatchSeason

    applicant.target_match_year = 2027
    applicant.save()
    before = row(applicant, "season:2027:rol_deadline")
    season = MatchSeason.objects.get(year=2027)
    season.rol_deadline += timedelta(days=1)
    season.save()
    after = row(applicant, "season:2027:rol_deadline")
    assert after.pk == before.pk and after.due_at == before.due_at + timedelta(days=1)
    assert after.all_day is False  # 9 pm ET


def test_certificate_missing_before_training(applicant):
    applicant.target_match_year = 2027
    applicant.save()
    key = "certificate:2027:before_training"
    first = row(applicant, key)
    applicant.target_match_year = 2028
    applicant.save()
    assert row(applicant, "certificate:2028:before_training").done_at is None
    assert Deadline.objects.get(pk=first.pk).done_at is not None  # the old season's
    EcfmgRecordFactory(applicant=applicant, certificate_issued_on=date(2027, 5, 1))
    road.refresh(applicant.pk)
    assert Deadline.objects.get(source_key="certificate:2028:before_training").done_at


def test_interview_day(applicant):
    application = ResidencyApplicationFactory(applicant=applicant, status="scheduled",
                                              interview_on=date(2026, 11, 12))
    assert_lifecycle(applicant, f"interview:{application.id}:day", application,
                     date(2026, 11, 12), {"interview_on": date(2026, 11, 19)},
                     date(2026, 11, 19), lambda: application.delete())


@pytest.mark.parametrize("status", ["interviewed", "withdrawn"])
def test_interview_day_is_done_once_the_application_moves_past_it(applicant, status):
    application = ResidencyApplicationFactory(applicant=applicant, status="scheduled",
                                              interview_on=date(2026, 11, 12))
    assert_lifecycle(applicant, f"interview:{application.id}:day", application,
                     date(2026, 11, 12), {"interview_on": date(2026, 11, 19)},
                     date(2026, 11, 19), lambda: save(application, status=status))


def test_application_deadline_of_a_saved_program(applicant):
    applicant.target_match_year = 2027
    applicant.save()
    program = ProgramFactory(name="Lakeside Community Internal Medicine")
    saved = SavedProgramFactory(applicant=applicant, program=program,
                                apply_by=date(2026, 10, 1))
    key = f"apply:{program.pk}:by"
    created = row(applicant, key)
    assert created.title == "Apply to Lakeside Community Internal Medicine by 1 Oct 2026"
    assert created.url == "/residency/programs/saved/" and created.kind == "application"
    application = ResidencyApplicationFactory(applicant=applicant, season=2027, program=program,
                                              status="planned")
    assert_lifecycle(applicant, key, saved, date(2026, 10, 1),
                     {"apply_by": date(2026, 10, 15)}, date(2026, 10, 15),
                     lambda: save(application, status="submitted",
                                  submitted_on=date(2026, 10, 2)))
    assert row(applicant, key).title.endswith("by 15 Oct 2026")


def test_an_application_of_another_season_leaves_the_deadline_open(applicant):
    applicant.target_match_year = 2027
    applicant.save()
    saved = SavedProgramFactory(applicant=applicant, apply_by=date(2026, 10, 1))
    ResidencyApplicationFactory(applicant=applicant, season=2026, program=saved.program,
                                status="submitted")
    assert row(applicant, f"apply:{saved.program_id}:by").done_at is None


def test_unsaving_the_program_removes_its_deadline_and_clearing_the_date_too(applicant):
    from residency.services import programs

    one = SavedProgramFactory(applicant=applicant, apply_by=date(2026, 10, 1))
    two = SavedProgramFactory(applicant=applicant, apply_by=date(2026, 11, 1))
    road.refresh(applicant.pk)
    assert Deadline.objects.filter(kind="application").count() == 2
    programs.unsave_program(applicant=applicant, program=one.program)
    programs.set_application_deadline(saved=two, data={"apply_by": None})
    assert not Deadline.objects.filter(kind="application").exists()


# The season's dates, each group done by the record that shows the applicant did it: created
# from the calendar, moved by an admin's edit of it, done once the record says so.
@pytest.mark.parametrize(("event", "column", "done"), [
    ("standard_registration_deadline", "standard_registration_deadline",
     lambda a: RegistrationFactory(applicant=a, season=2027,
                                   nrmp_registered_on=date(2026, 9, 20))),
    ("eras_applicants_submit", "eras_applicants_submit",
     lambda a: RegistrationFactory(applicant=a, season=2027, nrmp_registered_on=None,
                                   eras_submitted_on=date(2026, 9, 24))),
    ("rol_deadline", "rol_deadline",
     lambda a: RegistrationFactory(applicant=a, season=2027,
                                   rol_certified_on=date(2027, 2, 20))),
    ("pathways_deadline", "pathways_deadline",
     lambda a: PathwayApplicationFactory(applicant=a, season=2027,
                                         submitted_on=date(2026, 10, 1))),
])
def test_season_date_created_moved_and_done(applicant, event, column, done):
    from residency.models import MatchSeason

    applicant.target_match_year = 2027
    applicant.save()
    key = f"season:2027:{event}"
    created = row(applicant, key)
    season = MatchSeason.objects.get(year=2027)
    setattr(season, column, getattr(season, column) + timedelta(days=2))
    season.save()  # after commit the batch re-evaluation refreshes each applicant, so:
    moved = row(applicant, key)
    assert moved.pk == created.pk and moved.done_at is None
    assert moved.due_at == created.due_at + timedelta(days=2)
    done(applicant)
    assert row(applicant, key).done_at is not None


def test_certificate_deadline_moves_with_the_training_start(applicant):
    from residency.models import MatchSeason

    applicant.target_match_year = 2027
    applicant.save()
    key = "certificate:2027:before_training"
    created = row(applicant, key)
    season = MatchSeason.objects.get(year=2027)
    season.training_starts += timedelta(days=7)
    season.save()
    moved = row(applicant, key)
    assert moved.pk == created.pk and moved.done_at is None
    assert moved.due_at == created.due_at + timedelta(days=7)


def test_rejected_document_waits_on_the_applicant(applicant, settings):
    settings.DOCUMENT_RESUBMIT_DAYS = 14
    doc = CredentialDocumentFactory(applicant=applicant, state="rejected",
                                    state_changed_on=date(2026, 9, 1),
                                    rejection_reason="Translation missing")
    created = row(applicant, f"document:{doc.id}:rejected")
    assert "Translation missing" in created.what_to_do
    assert_lifecycle(applicant, f"document:{doc.id}:rejected", doc, date(2026, 9, 15),
                     {"state_changed_on": date(2026, 9, 2)}, date(2026, 9, 16),
                     lambda: save(doc, state=CredentialDocument.State.RESUBMITTED))


def test_stalled_verification(applicant, settings):
    settings.STALLED_VERIFICATION_DAYS = 30
    doc = CredentialDocumentFactory(applicant=applicant, state="sent",
                                    state_changed_on=date(2026, 9, 1))
    assert_lifecycle(applicant, f"document:{doc.id}:stalled", doc, date(2026, 10, 1),
                     {"state_changed_on": date(2026, 9, 5)}, date(2026, 10, 5),
                     lambda: save(doc, state=CredentialDocument.State.VERIFIED))


def test_a_done_deadline_reopens_when_stated_again(applicant):
    exam = ExamAttemptFactory(applicant=applicant, scheduled_date=date(2027, 2, 1),
                              test_date=None, result_date=None, outcome="")
    key = f"exam:{exam.id}:test_day"
    row(applicant, key)
    save(exam, scheduled_date=None)
    assert row(applicant, key).done_at is not None
    save(exam, scheduled_date=date(2027, 3, 1))
    assert row(applicant, key).done_at is None
