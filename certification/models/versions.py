"""What a rule set change does before and after it binds: the impact preview of a draft and
the re-evaluation of everyone after a publish or a rollback, each a row whose done / total
the admin shows while a background task works through the applicants."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImpactPreview(models.Model):
    """A draft evaluated against every applicant it would judge, beside today's rules.

    `result` (certification.impact.summarise): {"counts": [[code, title, before, after, n],
    ...], "applicants": [[id, category, season, [[code, before, after], ...]], ...]}; status
    values are core.status.Status values, or "" where a side has no such requirement."""

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    rule_set = models.ForeignKey("certification.RequirementSet", on_delete=models.CASCADE,
                                 related_name="previews")
    effective_from = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Impact of {self.rule_set} from {self.effective_from}"


class Reevaluation(models.Model):
    """Everyone's road refreshed after rule sets changed (road.tasks.refresh_all_progress),
    with a notice to each applicant whose checklist changed.

    `before` is the published sets as they stood: [[id, effective_from, effective_to], ...].
    A published set's requirements never change (migration 0011), so ids and ranges are
    enough to evaluate anyone as they were judged before."""

    rule_set = models.ForeignKey("certification.RequirementSet", on_delete=models.CASCADE,
                                 related_name="reevaluations")
    action = models.CharField(max_length=20)  # "published" | "rolled back"
    before = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # The last applicant id refreshed: a batch run twice (a redelivered task) is claimed by a
    # conditional UPDATE on it, so nobody is notified twice.
    done_through = models.PositiveIntegerField(default=0)
    notified = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.rule_set} {self.action}: {self.done} of {self.total}"
