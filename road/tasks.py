import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from applicants.models import Applicant
from applicants.notifications import notify
from certification import impact
from certification.models import Reevaluation, RequirementSet
from certification.progress import RECORDS
from core import clock, preload, reference_cache

from .models import RefreshRun
from .refresh import refresh_road

logger = logging.getLogger(__name__)


def _batch() -> int:
    return settings.ROAD_REFRESH_BATCH

NOTICE_FLIPS = 3  # changes named in one notice; the checklist has the rest


# The name it had in certification.tasks: a chain of batches running during a deploy goes on.
@shared_task(name="certification.tasks.refresh_all_progress")
def refresh_all_progress(after_id: int = 0, season: int | None = None,
                         reevaluation: int | None = None, run: int | None = None) -> None:
    """Re-evaluate every applicant (or those aiming at `season`) after a change to the rules
    or a season's dates, one batch per task run.

    Each batch enqueues the next, so a worker restart loses at most one batch of work and
    no task holds a transaction open for long. Each run first drops this worker's copy of
    the reference data: the change that started the chain was made in another process, and
    the copy could still be the old one for REFERENCE_CACHE_SECONDS.

    With `run` (a RefreshRun, see refresh_all) its row says what to refresh and how far the
    chain has come: a batch already done (a message redelivered, or started again by the
    sweep meanwhile) does nothing, and a chain whose next message was lost is started again
    by sweep_refresh_runs. Without it (a message from before runs were recorded), the
    arguments say it.

    With `reevaluation` (a rule set published or rolled back), each applicant whose
    checklist changed gets a notice saying what changed, and the row counts done / total.
    """
    reference_cache.clear()
    if run is not None:
        _run_batch(run, after_id)
        return
    ids = _one_batch(after_id, season, reevaluation)
    if len(ids) == _batch():
        refresh_all_progress.delay(ids[-1], season, reevaluation)


def _one_batch(after_id: int, season: int | None, reevaluation: int | None) -> list[int]:
    if reevaluation is not None:
        return _noticed_batch(after_id, reevaluation)
    return refresh_batch(after_id, season)


def _run_batch(run_id: int, after_id: int) -> None:
    row = RefreshRun.objects.unfinished().filter(pk=run_id, done_through=after_id).first()
    if row is None:
        return  # this batch is done already (or the run is): someone else carries the chain
    ids = _one_batch(after_id, row.season, row.reevaluation_id)
    finished = len(ids) < _batch()
    now = timezone.now()
    advanced = RefreshRun.objects.filter(pk=run_id, done_through=after_id).update(
        done_through=ids[-1] if ids else after_id, touched_at=now,
        finished_at=now if finished else None)
    if advanced and not finished:
        refresh_all_progress.delay(ids[-1], run=run_id)


@shared_task
def sweep_refresh_runs() -> int:
    """Celery beat: start again, from where they stopped, the runs no batch has moved for
    ROAD_REFRESH_STALE_SECONDS (never enqueued because Redis was down, or their next message
    lost with a killed worker); returns how many. Claimed by a conditional UPDATE on
    `touched_at`, so two sweeps start a run once; a run started twice anyway (its old
    message comes back too) continues once, see _run_batch."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.ROAD_REFRESH_STALE_SECONDS)
    started = 0
    for run in RefreshRun.objects.unfinished().filter(touched_at__lt=stale):
        if RefreshRun.objects.filter(pk=run.pk, touched_at=run.touched_at).update(
                touched_at=now):
            refresh_all_progress.delay(run.done_through, run=run.pk)
            started += 1
    return started


def _next_ids(after_id: int, season: int | None = None) -> list[int]:
    applicants = Applicant.objects.filter(pk__gt=after_id)
    if season is not None:
        applicants = applicants.filter(target_match_year=season)
    return list(applicants.order_by("pk").values_list("pk", flat=True)[:_batch()])


def refresh_batch(after_id: int = 0, season: int | None = None) -> list[int]:
    """Re-evaluate the next ROAD_REFRESH_BATCH applicants after `after_id`; returns their ids."""
    ids = _next_ids(after_id, season)
    for applicant_id in ids:
        _refresh_locked(applicant_id)
    return ids


def _refresh_locked(applicant_id: int) -> None:
    with transaction.atomic():
        # Locked as every writer locks it: a record saved meanwhile is read, not undone.
        locked = Applicant.objects.select_for_update().filter(pk=applicant_id)
        if list(locked.values_list("pk", flat=True)):  # not deleted meanwhile
            refresh_road(applicant_id, activity=False)


def _noticed_batch(after_id: int, reevaluation_id: int) -> list[int]:
    """The next batch after a publish or rollback: the changes are worked out before the
    refresh (the sets as they stood against the sets now), then each applicant is refreshed
    and the batch claimed on the row, notices included, in one transaction: a batch run
    twice (a redelivered task) refreshes again, harmlessly, and notifies nobody twice."""
    run = Reevaluation.objects.filter(pk=reevaluation_id).select_related("rule_set").first()
    if run is None:
        return []
    ids = _next_ids(after_id)
    today = clock.today()
    kind = run.rule_set.kind  # the changed set's kind: only its applicants' sets move
    before = impact.rule_sets_of(s for s in impact.from_snapshot(run.before) if s.kind == kind)
    after = impact.rule_sets_of(RequirementSet.objects.published().filter(kind=kind))
    loaded = preload.load(Applicant.objects.filter(pk__in=ids).order_by("pk"), RECORDS)
    changes = [c for c in (impact.compare(a, before, after, today, kind) for a in loaded)
               if c is not None and c.flips]
    for applicant_id in ids:
        _refresh_locked(applicant_id)
    with transaction.atomic():
        claimed = Reevaluation.objects.filter(pk=run.pk, done_through=after_id).update(
            done_through=ids[-1] if ids else after_id, done=F("done") + len(ids),
            notified=F("notified") + len(changes),
            finished_at=timezone.now() if len(ids) < _batch() else None)
        if claimed:
            for change in changes:
                notify(change.applicant_id, "rules", _notice(change),
                       reverse("certification:checklist"))
    return ids


def _notice(change: impact.Impact) -> str:
    named = "; ".join(f.sentence for f in change.flips[:NOTICE_FLIPS])
    more = len(change.flips) - NOTICE_FLIPS
    tail = f"; and {more} more on your checklist" if more > 0 else ""
    return f"The ECFMG rules we check your road against have changed. {named}{tail}."


def refresh_all(season: int | None = None, *, reevaluation: int | None = None) -> RefreshRun:
    """Record a batch refresh in the current transaction and start it once that commits
    (core.road.refresh_all). With Redis unreachable the edit still commits and answers: the
    run stays recorded, and sweep_refresh_runs starts it once Redis is back."""
    run = RefreshRun.objects.create(season=season, reevaluation_id=reevaluation)
    transaction.on_commit(lambda: _start(run.pk), robust=True)
    return run


def _start(run_id: int) -> None:
    try:
        refresh_all_progress.delay(run=run_id)
    except OperationalError:  # the broker is down: the sweep starts the run
        logger.warning("Batch refresh %s not enqueued (broker unreachable); the sweep "
                       "starts it once the broker is back.", run_id, exc_info=True)
