"""The risk flag kinds (pure: plain facts and the day in, a flag or None out)."""

from datetime import date, timedelta

from certification.rules import usmle

from .facts import FlagFacts
from .registry import FlagKind, Raised, register

SENT, REJECTED = "sent", "rejected"


def _season_unreachable(f: FlagFacts, today: date) -> Raised | None:
    if not f.season_out_of_reach:
        return None
    return Raised("season_unreachable", f.season_out_of_reach, f.rank_deadline or today)


def _attempt_limit(f: FlagFacts, today: date) -> Raised | None:
    """Three failed attempts at a Step with no pass: one more failure closes every Step."""
    near = usmle.step_at_limit(f.exams, usmle.ATTEMPT_LIMIT - 1, count_pending=False)
    if near is None:
        return None
    exam, count = near
    sat = [a.test_date for a in usmle.attempts_sat(exam, f.exams) if a.test_date]
    reason = (f"{usmle.exam_label(exam)}: {count} attempts without a pass; the limit is "
              f"{usmle.ATTEMPT_LIMIT}")
    return Raised("attempt_limit", reason, max(sat) if sat else today)


def _document_rejected(f: FlagFacts, today: date) -> Raised | None:
    rejected = [d for d in f.documents if d.state == REJECTED and d.changed_on]
    if not rejected:
        return None
    first = min(rejected, key=lambda d: d.changed_on)
    why = f": {first.rejection_reason}" if first.rejection_reason else ""
    more = f" (and {len(rejected) - 1} more)" if len(rejected) > 1 else ""
    return Raised("document_rejected", f"{first.name} was rejected{why}{more}"[:300],
                  first.changed_on + timedelta(days=f.resubmit_days))


def _pathway_not_filed(f: FlagFacts, today: date) -> Raised | None:
    if (not f.certificate_applies or f.clinical_skills_met or f.pathway_filed
            or f.pathways_deadline is None):
        return None
    if not f.pathways_deadline - timedelta(days=f.window_days) <= today <= f.pathways_deadline:
        return None
    days = (f.pathways_deadline - today).days
    return Raised("pathway_not_filed", f"No Pathway application filed; the {f.season} "
                  f"Pathways deadline is in {days} days", f.pathways_deadline)


def _nrmp_not_registered(f: FlagFacts, today: date) -> Raised | None:
    if f.nrmp_registered or f.registration_deadline is None:
        return None
    due = f.registration_deadline
    if today > due and f.late_registration_deadline:
        due = f.late_registration_deadline  # registration stays open, with a late fee
    if not due - timedelta(days=f.window_days) <= today <= due:
        return None
    return Raised("nrmp_not_registered", f"Not registered with the NRMP for the {f.season} "
                  f"Match; registration closes in {(due - today).days} days", due)


def _eligibility_ending(f: FlagFacts, today: date) -> Raised | None:
    ending = [a for a in f.exams if a.eligibility_end and not a.scheduled_date
              and not a.test_date and not a.outcome
              and today <= a.eligibility_end <= today + timedelta(days=f.window_days)]
    if not ending:
        return None
    first = min(ending, key=lambda a: a.eligibility_end)
    return Raised("eligibility_ending", f"{usmle.exam_label(first.exam)}: the eligibility "
                  f"period ends in {(first.eligibility_end - today).days} days and no test "
                  "day is booked", first.eligibility_end)


def _document_stalled(f: FlagFacts, today: date) -> Raised | None:
    stall = timedelta(days=f.stalled_days)
    stalled = [d for d in f.documents
               if d.state == SENT and d.changed_on and d.changed_on + stall <= today]
    if not stalled:
        return None
    first = min(stalled, key=lambda d: d.changed_on)
    more = f" (and {len(stalled) - 1} more)" if len(stalled) > 1 else ""
    return Raised("document_stalled", f"{first.name}: sent for verification "
                  f"{(today - first.changed_on).days} days ago, no answer yet{more}",
                  first.changed_on + stall)


def _school_not_listed(f: FlagFacts, today: date) -> Raised | None:
    if not f.school_not_listed or not f.certificate_applies:
        return None
    return Raised("school_not_listed", "The medical school is not in the directory: check "
                  "that ECFMG lists it", f.profile_since or today)


SEASON_UNREACHABLE = register(FlagKind("season_unreachable", "Target season out of reach", 0,
                                       _season_unreachable))
ATTEMPT_LIMIT = register(FlagKind("attempt_limit", "Attempt limit near", 1, _attempt_limit))
DOCUMENT_REJECTED = register(FlagKind("document_rejected", "Document rejected", 2,
                                      _document_rejected))
PATHWAY_NOT_FILED = register(FlagKind("pathway_not_filed", "Pathway not filed", 3,
                                      _pathway_not_filed))
NRMP_NOT_REGISTERED = register(FlagKind("nrmp_not_registered", "Not registered with the NRMP",
                                        4, _nrmp_not_registered))
ELIGIBILITY_ENDING = register(FlagKind("eligibility_ending", "Eligibility ending, no test booked",
                                       5, _eligibility_ending))
DOCUMENT_STALLED = register(FlagKind("document_stalled", "Document stalled", 6,
                                     _document_stalled))
SCHOOL_NOT_LISTED = register(FlagKind("school_not_listed", "School not in the directory", 7,
                                      _school_not_listed))
