"""The certification file's deadline sources (applicants.reminders.sources): exam
eligibility periods and their extension window, booked test days, Pathway acceptances that
expire, documents waiting on the applicant and verifications that stall.

Each `derive(records, season)` is pure over the preloaded rows (core.preload) the road
refresh reads; a record's date gone or its task done, its deadline is not stated and the
writer marks the row done.
"""

from datetime import timedelta

from django.conf import settings

from applicants.models import Deadline
from applicants.reminders.sources import DeadlineSource, DueDate, register

from .models import CredentialDocument, ExamAttempt, PathwayApplication

Kind = Deadline.Kind
# FSMB runs USMLE exam services for IMGs since 2026-01-12 (RULES "changes" table: usmle.org,
# posted 2026-01-26). Its eligibility-period extension: one contiguous 3-month extension,
# requestable after the permit is issued and up to 25 days after the period ends (FSMB
# page, undated; confirmed). It supersedes ECFMG's U4/U5 figures.
EXTENSION_REQUEST_DAYS_AFTER_END = 25


def _exam(attempt) -> str:
    return ExamAttempt.Exam(attempt.exam).label


def _untested(attempt) -> bool:
    return not attempt.test_date and not attempt.outcome


def exam_dates(records, season):
    for a in records.exams:
        if not _untested(a):
            continue  # taken: the period and the booking are behind the applicant
        label = _exam(a)
        if a.eligibility_end:
            yield DueDate(f"exam:{a.id}:eligibility_end", Kind.EXAM,
                          f"{label}: eligibility period ends", a.eligibility_end,
                          "certification:exams",
                          what_to_do="Sit the exam before the period ends, or ask FSMB for "
                                     "the one 3-month extension.")
            yield DueDate(f"exam:{a.id}:extension", Kind.EXAM,
                          f"{label}: last day to ask FSMB for an extension",
                          a.eligibility_end + timedelta(days=EXTENSION_REQUEST_DAYS_AFTER_END),
                          "certification:exams",
                          what_to_do="FSMB allows one contiguous 3-month extension, "
                                     "requested up to 25 days after the period ends.")
        if a.scheduled_date:
            yield DueDate(f"exam:{a.id}:test_day", Kind.EXAM, f"{label}: test day",
                          a.scheduled_date, "certification:exams",
                          what_to_do="Bring your scheduling permit and ID to the test centre.")


def oet_dates(records, season):
    for s in records.oet_sittings:
        if s.listening is None and s.test_date:
            yield DueDate(f"oet:{s.id}:test_day", Kind.EXAM, "OET Medicine: test day",
                          s.test_date, "certification:oet",
                          what_to_do="Sit all four sub-tests; the scores count from one sitting.")


def pathway_dates(records, season):
    ecfmg = records.ecfmg
    if ecfmg and ecfmg.certificate_issued_on:
        return
    for p in records.pathways:
        if p.status == PathwayApplication.Status.ACCEPTED and p.valid_through:
            label = PathwayApplication.Pathway(p.pathway).label
            yield DueDate(f"pathway:{p.id}:valid_through", Kind.PATHWAY,
                          f"{label}: acceptance ends", p.valid_through,
                          "certification:pathways",
                          what_to_do="Finish every other requirement for the certificate "
                                     "before your Pathway acceptance ends.")


def document_dates(records, season):
    stalled = timedelta(days=settings.STALLED_VERIFICATION_DAYS)
    resubmit = timedelta(days=settings.DOCUMENT_RESUBMIT_DAYS)
    for d in records.documents:
        if not d.state_changed_on:
            continue
        name = d.title or CredentialDocument.Type(d.type).label
        if d.state == CredentialDocument.State.REJECTED:
            reason = f": {d.rejection_reason}" if d.rejection_reason else ""
            yield DueDate(f"document:{d.id}:rejected", Kind.DOCUMENT,
                          f"{name} was rejected: send a corrected one"[:200],
                          d.state_changed_on + resubmit, "certification:documents",
                          what_to_do=f"Fix what was asked{reason}"[:300])
        elif d.state == CredentialDocument.State.SENT:
            yield DueDate(f"document:{d.id}:stalled", Kind.DOCUMENT,
                          f"{name}: still waiting on verification", d.state_changed_on + stalled,
                          "certification:documents",
                          what_to_do="Ask ECFMG or your school whether the verification "
                                     "request reached them.")


EXAMS = register(DeadlineSource("exam", "Exam eligibility periods and test days", exam_dates))
OET = register(DeadlineSource("oet", "OET Medicine test days", oet_dates))
PATHWAYS = register(DeadlineSource("pathway", "Pathway acceptances ending", pathway_dates))
DOCUMENTS = register(DeadlineSource("document", "Documents waiting on you", document_dates))
