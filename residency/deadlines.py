"""The Match's deadline sources (applicants.reminders.sources): the target season's dates,
expected results (their typical times are the Match's knowledge: residency.calendar), a
certificate still missing before training starts, interview days, and the application
deadlines the applicant recorded on their saved programs (SavedProgram.apply_by; the
directory's date, when known, pre-fills it).
"""

from applicants.models import Deadline
from applicants.reminders.sources import DeadlineSource, DueDate, register
from certification.models import ExamAttempt, PathwayApplication
from core import dates

from . import calendar
from .models import ResidencyApplication
from .progress import result_days

Kind = Deadline.Kind
# What makes a season date done: the record that shows the applicant did it.
REGISTERED = {"nrmp_registration_opens", "standard_registration_deadline", "late_registration"}
ERAS_SUBMITTED = {"eras_opens", "eras_applicants_submit"}
RANKED = {"ranking_opens", "rol_deadline"}
NOT_FOR_APPLICANTS = {"programs_register"}  # the programs' own date
WHAT_TO_DO = {
    "eras_applicants_submit": "Submit your ERAS application: programs start reviewing soon.",
    "eras_programs_review": "Have your ERAS application in before programs start reviewing.",
    "standard_registration_deadline": "Register with the NRMP before the standard deadline.",
    "late_registration": "Last chance to register with the NRMP (a late fee applies).",
    "rol_deadline": "Certify your rank order list in the NRMP R3 system by 9 pm ET.",
    "pathways_deadline": "Submit your Pathway application to ECFMG.",
    "training_starts": "Have your ECFMG certificate and visa in hand.",
}


def _registration(records, year):
    return next((r for r in records.registrations if r.season == year), None)


def _done(key, records, year) -> bool:
    reg = _registration(records, year)
    if key in REGISTERED:
        return bool(reg and reg.nrmp_registered_on)
    if key in ERAS_SUBMITTED:
        return bool(reg and reg.eras_submitted_on)
    if key in RANKED:
        return bool(reg and reg.rol_certified_on)
    if key == "pathways_deadline":
        return any(p.submitted_on for p in records.pathways if p.season == year)
    return False


def season_dates(records, season):
    dates = season.dates
    events = [*dates.events()]
    late = dates.late_registration_deadline
    events.append(calendar.SeasonDate("late_registration", "NRMP late registration closes",
                                      late.on, late.time_of_day, late.tz, late.provenance))
    for e in events:
        if e.key in NOT_FOR_APPLICANTS or _done(e.key, records, dates.year):
            continue
        yield DueDate(f"season:{dates.year}:{e.key}", Kind.SEASON, e.label, e.on,
                      "residency:registration" if e.key in REGISTERED else "residency:match",
                      at=e.time_of_day, zone=e.tz, confirmed=e.provenance != "derived",
                      what_to_do=WHAT_TO_DO.get(e.key, ""))


def result_dates(records, season):
    days = result_days()
    for a in records.exams:
        if a.test_date and not a.outcome and a.exam in days:
            label = ExamAttempt.Exam(a.exam).label
            yield DueDate(f"result:exam:{a.id}", Kind.RESULT, f"{label}: result expected",
                          calendar.result_expected_on(a.exam, a.test_date, days),
                          "certification:exams", confirmed=False,
                          what_to_do="Record your result as soon as it is released.")
    for s in records.oet_sittings:
        if s.listening is None and s.test_date:
            yield DueDate(f"result:oet:{s.id}", Kind.RESULT, "OET Medicine: results expected",
                          calendar.result_expected_on("OET", s.test_date, days),
                          "certification:oet", confirmed=False,
                          what_to_do="Record your four scores when OET releases them.")
    for p in records.pathways:
        if p.status == PathwayApplication.Status.SUBMITTED and p.submitted_on:
            label = PathwayApplication.Pathway(p.pathway).label
            yield DueDate(f"result:pathway:{p.id}", Kind.RESULT, f"{label}: decision expected",
                          calendar.result_expected_on("PATHWAY", p.submitted_on, days),
                          "certification:pathways", confirmed=False,
                          what_to_do="Record ECFMG's decision when it arrives.")


def certificate_dates(records, season):
    ecfmg = records.ecfmg
    if ecfmg and ecfmg.certificate_issued_on:
        return
    start = season.dates.training_starts
    yield DueDate(f"certificate:{season.year}:before_training", Kind.CERTIFICATE,
                  "ECFMG certificate needed before training starts", start.on,
                  "certification:checklist", zone=start.tz,
                  confirmed=start.provenance != "derived",
                  what_to_do="Programs cannot start you without the Standard ECFMG "
                             "Certificate: finish what the checklist still lists.")


# An interview is behind the applicant once the application has moved past it, or was
# withdrawn: no reminder of the day then.
PAST_INTERVIEW = {ResidencyApplication.Status.INTERVIEWED, ResidencyApplication.Status.RANKED,
                  ResidencyApplication.Status.MATCHED, ResidencyApplication.Status.NOT_MATCHED,
                  ResidencyApplication.Status.WITHDRAWN}


def interview_dates(records, season):
    for a in records.applications:
        if a.interview_on and a.status not in PAST_INTERVIEW:
            yield DueDate(f"interview:{a.id}:day", Kind.INTERVIEW,
                          f"Interview: {a.program.name}"[:200], a.interview_on,
                          "residency:applications",
                          what_to_do="Prepare for the interview and confirm its time.")


def apply_key(program_id: int) -> str:
    return f"apply:{program_id}:by"


def application_deadlines(records, season):
    """Each saved program's recorded application deadline. It is done once the applicant's
    application to that program for their target season has gone in (any status past
    planned: submitted, or withdrawn before the date); unsaving the program removes it."""
    applied = {a.program_id for a in records.applications
               if a.season == season.year and a.status != ResidencyApplication.Status.PLANNED}
    for s in records.saved_programs:
        if s.apply_by:
            yield DueDate(apply_key(s.program_id), Kind.APPLICATION,
                          f"Apply to {s.program.name} by {dates.day(s.apply_by)}"[:200], s.apply_by,
                          "residency:saved", done=s.program_id in applied,
                          what_to_do="Submit your application to this program in ERAS, then "
                                     "record it under Applications.")


SEASON = register(DeadlineSource("season", "Your target season's dates", season_dates))
RESULTS = register(DeadlineSource("result", "Results expected", result_dates))
CERTIFICATE = register(DeadlineSource("certificate", "Certificate before training",
                                      certificate_dates))
INTERVIEWS = register(DeadlineSource("interview", "Interview days", interview_dates))
APPLICATIONS = register(DeadlineSource("apply", "Application deadlines of saved programs",
                                       application_deadlines, drops_unstated=True))
