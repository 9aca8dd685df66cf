"""A real Celery worker on the real Redis runs the rule set tasks: a scheduled publish (the
hourly beat task), the re-evaluation with its notices, and a background impact preview."""

import subprocess
import sys
import time
from datetime import date

import pytest

from applicants.models import Notification
from certification.models import ImpactPreview, Reevaluation, RequirementSet
from certification.services import records, rulesets
from certification.tasks import preview_impact, publish_due_rule_sets
from config.celery import app as celery_app
from core import clock
from tests.applicants.test_tasks import ROOT, _worker_env
from tests.factories import ApplicantFactory


def _raised_draft():
    draft = rulesets.copy_as_draft(RequirementSet.objects.get(code="RS-2027-P"), by=None)
    requirement = draft.requirements.get(code="C-STEP2CK")
    requirement.params["pass_marks"] = [[d, 225 if m == 218 else m]
                                        for d, m in requirement.params["pass_marks"]]
    requirement.save()
    return draft


def _wait(condition, worker, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        assert worker.poll() is None, worker.stdout.read().decode()
        time.sleep(0.3)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_publishes_on_schedule_previews_and_tells_who_flipped(tmp_path):
    flips, stays = (ApplicantFactory(target_match_year=2028) for _ in range(2))
    for applicant, score in ((flips, 221), (stays, 240)):
        records.save_exam_attempt(applicant=applicant, data=dict(
            exam="STEP2CK", test_date=date(2025, 8, 1), result_date=date(2025, 8, 25),
            score=score))
    draft = _raised_draft()
    preview = ImpactPreview.objects.create(rule_set=draft, effective_from=clock.today(),
                                           total=2)
    rulesets.schedule(draft, on=clock.today(), by=None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=_worker_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    celery_app.conf.task_always_eager = False
    try:
        preview_impact.delay(preview.pk)
        assert _wait(lambda: ImpactPreview.objects.get(pk=preview.pk).state == "done", worker)
        publish_due_rule_sets.delay()
        assert _wait(lambda: Reevaluation.objects.filter(
            rule_set=draft, finished_at__isnull=False).exists(), worker)
    finally:
        celery_app.conf.task_always_eager = True
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    preview.refresh_from_db()
    assert [row[0] for row in preview.result["applicants"] if row[3]] == [flips.pk], output
    draft.refresh_from_db()
    assert draft.status == "published" and draft.publish_on is None
    run = Reevaluation.objects.get(rule_set=draft)
    assert (run.done, run.total, run.notified) == (2, 2, 1)
    assert list(Notification.objects.values_list("applicant_id", flat=True)) == [flips.pk]
