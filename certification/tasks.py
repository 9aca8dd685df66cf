from celery import shared_task

from .services import rulesets


@shared_task
def preview_impact(preview_id: int) -> None:
    """A draft's impact on a large population, progress on the ImpactPreview row."""
    rulesets.run_preview(preview_id)


@shared_task
def publish_due_rule_sets() -> list[int]:
    """Publish the drafts scheduled for today or earlier (Celery beat, hourly: a set due
    today is in force within the hour, and a run missed while beat was down is caught up)."""
    return rulesets.publish_due()
