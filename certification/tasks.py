from celery import shared_task
from django.db import transaction

from applicants.models import Applicant

from .progress import refresh_progress

BATCH = 200


@shared_task
def refresh_all_progress(after_id: int = 0) -> None:
    """Re-evaluate every applicant after a rule change, one batch per task run.

    Each batch enqueues the next, so a worker restart loses at most one batch of work and
    no task holds a transaction open for long.
    """
    ids = list(
        Applicant.objects.filter(pk__gt=after_id).order_by("pk").values_list("pk", flat=True)[
            :BATCH
        ]
    )
    for applicant_id in ids:
        with transaction.atomic():
            refresh_progress(applicant_id)
    if len(ids) == BATCH:
        refresh_all_progress.delay(ids[-1])
