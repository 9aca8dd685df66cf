from django.db import models
from django.utils import timezone


class RefreshRunQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(finished_at__isnull=True)


class RefreshRun(models.Model):
    """One batch refresh of everyone's road (road.tasks.refresh_all_progress), written in
    the transaction of the change that asked for it.

    The chain of batch tasks is only as durable as each message between them: a publish
    refused (Redis down), or a worker killed between taking the next message off the queue
    and recording it as unacknowledged, ends the chain. The row is what survives: each batch
    advances `done_through` with a conditional UPDATE (a batch delivered twice continues
    the chain once), and the sweep (road.tasks.sweep_refresh_runs) starts again, from
    `done_through`, any run not `touched_at` for ROAD_REFRESH_STALE_SECONDS."""

    season = models.PositiveIntegerField(null=True, blank=True)
    reevaluation = models.ForeignKey("certification.Reevaluation", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+")
    done_through = models.BigIntegerField(default=0)  # the last applicant id refreshed
    created_at = models.DateTimeField(default=timezone.now)
    touched_at = models.DateTimeField(default=timezone.now)  # last batch or (re)start
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RefreshRunQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["touched_at"], name="refreshrun_unfinished",
                                condition=models.Q(finished_at__isnull=True))]

    def __str__(self) -> str:
        what = f"season {self.season}" if self.season else "everyone"
        state = "finished" if self.finished_at else f"through applicant {self.done_through}"
        return f"Refresh of {what}: {state}"
