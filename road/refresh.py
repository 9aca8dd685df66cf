"""The one refresh of the whole road after a write: the certificate, the Match and the
summary stored on the applicant, in the writer's transaction.

Services of every app call it through core.road.refresh (they sit below this app); the
batch task (road.tasks) calls it for everyone after a change to the rules or a season.
"""

from datetime import date

from django.utils import timezone

from applicants.models import Applicant, Deadline
from applicants.reminders import services as deadlines
from applicants.reminders.sources import derive_all
from certification import deadlines as _file_sources  # noqa: F401 (registers the sources)
from certification.progress import follow_pass_marks
from core import clock
from residency import deadlines as _match_sources  # noqa: F401 (registers the sources)

from .records import road_applicant
from .summary import RoadSummary, road_summary


def refresh_road(applicant_id: int, today: date | None = None, *,
                 activity: bool = True) -> RoadSummary:
    """Re-evaluate the applicant's road, store its summary and write its deadlines; call
    inside the writing transaction (the caller holds the applicant's row lock where writers
    race). `activity`: the applicant's records changed (the caseload's "last activity");
    False for the re-evaluations after a rule or season change."""
    day = today or clock.today()
    applicant = road_applicant(Applicant.objects.filter(pk=applicant_id))
    if applicant is None:
        raise Applicant.DoesNotExist(f"No applicant {applicant_id}.")
    follow_pass_marks(applicant, day)
    summary = road_summary(applicant, day)
    # The deadlines follow the same records, in the same transaction; the stored summary's
    # next deadline is read from the rows just written.
    deadlines.write(applicant, derive_all(applicant.records, summary.match.season))
    summary = summary.with_deadlines(
        Deadline.objects.filter(applicant_id=applicant_id, done_at__isnull=True)
        .only("due_at", "zone", "title", "done_at"))
    now = timezone.now()
    stored = {**summary.stored(), "progress_updated_at": now,
              **({"last_activity_at": now} if activity else {})}
    Applicant.objects.filter(pk=applicant_id).update(**stored)
    for name, value in stored.items():
        setattr(applicant, name, value)
    return summary
