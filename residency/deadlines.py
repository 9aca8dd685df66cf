"""The Match's deadline sources (applicants.reminders.sources): the target season's dates,
expected results (their typical times are the Match's knowledge: residency.calendar), a
certificate still missing before training starts, and interview days.

Programs carry no application deadline in the directory (residency.models.Program), so saved
programs state no deadline of their own; ERAS's dates in the season stand for them.
"""

from applicants.models import Deadline
from applicants.reminders.sources import DeadlineSource, DueDate, register
from certification.models import ExamAttempt, PathwayApplication

from . import calendar
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


def interview_dates(records, season):
    for a in records.applications:
        if a.interview_on:
            yield DueDate(f"interview:{a.id}:day", Kind.INTERVIEW,
                          f"Interview: {a.program.name}"[:200], a.interview_on,
                          "residency:applications",
                          what_to_do="Prepare for the interview and confirm its time.")


SEASON = register(DeadlineSource("season", "Your target season's dates", season_dates))
RESULTS = register(DeadlineSource("result", "Results expected", result_dates))
CERTIFICATE = register(DeadlineSource("certificate", "Certificate before training",
                                      certificate_dates))
INTERVIEWS = register(DeadlineSource("interview", "Interview days", interview_dates))
