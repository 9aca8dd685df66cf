"""The batch refresh's run row: a batch delivered twice continues the chain once, and the
sweep starts again, from where it stopped, a run no batch has moved for a while (its next
message lost, or never sent because Redis was down). Tasks run in-process here; the drills
in tests/trust/test_outages.py run them in a real worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applicants.models import Applicant
from road.models import RefreshRun
from road.tasks import refresh_all_progress, sweep_refresh_runs
from tests.factories import ApplicantFactory


@pytest.fixture
def five(db, settings):
    settings.ROAD_REFRESH_BATCH = 2
    ApplicantFactory.create_batch(5)
    Applicant.objects.update(progress_updated_at=None)
    return list(Applicant.objects.order_by("pk").values_list("pk", flat=True))


def _refreshed() -> list[int]:
    return list(Applicant.objects.filter(progress_updated_at__isnull=False)
                .order_by("pk").values_list("pk", flat=True))


def test_a_run_refreshes_everyone_once_and_a_redelivered_batch_does_nothing(five):
    run = RefreshRun.objects.create()
    refresh_all_progress(run=run.pk)
    run.refresh_from_db()
    assert _refreshed() == five and run.finished_at and run.done_through == five[-1]

    Applicant.objects.update(progress_updated_at=None)
    refresh_all_progress(0, run=run.pk)  # the first batch's message, delivered again
    refresh_all_progress(five[1], run=run.pk)
    assert _refreshed() == []


def test_the_sweep_starts_a_stale_run_from_where_it_stopped_and_leaves_a_moving_one(five):
    long_ago = timezone.now() - timedelta(hours=1)
    stopped = RefreshRun.objects.create(done_through=five[1], touched_at=long_ago)
    RefreshRun.objects.create(season=2099)  # just started: its batches are on their way

    assert sweep_refresh_runs() == 1
    stopped.refresh_from_db()
    assert _refreshed() == five[2:] and stopped.finished_at is not None
    assert sweep_refresh_runs() == 0  # finished, and the other is not stale yet
