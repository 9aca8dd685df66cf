from celery import shared_task
from django.db import transaction

from applicants.models import Applicant
from core import reference_cache

from .refresh import refresh_road

BATCH = 200


# The name it had in certification.tasks: a chain of batches running during a deploy goes on.
@shared_task(name="certification.tasks.refresh_all_progress")
def refresh_all_progress(after_id: int = 0, season: int | None = None) -> None:
    """Re-evaluate every applicant (or those aiming at `season`) after a change to the rules
    or a season's dates, one batch per task run.

    Each batch enqueues the next, so a worker restart loses at most one batch of work and
    no task holds a transaction open for long. Each run first drops this worker's copy of
    the reference data: the change that started the chain was made in another process, and
    the copy could still be the old one for REFERENCE_CACHE_SECONDS.
    """
    reference_cache.clear()
    ids = refresh_batch(after_id, season)
    if len(ids) == BATCH:
        refresh_all_progress.delay(ids[-1], season)


def refresh_batch(after_id: int = 0, season: int | None = None) -> list[int]:
    """Re-evaluate the next BATCH applicants after `after_id`; returns their ids."""
    applicants = Applicant.objects.filter(pk__gt=after_id)
    if season is not None:
        applicants = applicants.filter(target_match_year=season)
    ids = list(applicants.order_by("pk").values_list("pk", flat=True)[:BATCH])
    for applicant_id in ids:
        with transaction.atomic():
            # Locked as every writer locks it: a record saved meanwhile is read, not undone.
            locked = Applicant.objects.select_for_update().filter(pk=applicant_id)
            if list(locked.values_list("pk", flat=True)):  # not deleted meanwhile
                refresh_road(applicant_id, activity=False)
    return ids


def refresh_all(season: int | None = None) -> None:
    """Once the current transaction commits, start the batches (core.road.refresh_all).
    With Redis unreachable the edit still commits and answers (robust: the error is logged);
    run `manage.py refresh_road` once Redis is back."""
    transaction.on_commit(lambda: refresh_all_progress.delay(season=season), robust=True)
