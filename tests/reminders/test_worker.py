"""A real Celery worker on the real Redis: four sweeps at once send each reminder once."""

import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from applicants.models import Deadline, Delivery
from applicants.tasks import sweep_reminders
from config.celery import app as celery_app
from tests.applicants.test_tasks import ROOT, _worker_env
from tests.factories import ApplicantFactory

DUE = 1000


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_four_concurrent_sweeps_send_each_of_1000_reminders_once(tmp_path):
    now = timezone.now()
    applicants = [ApplicantFactory() for _ in range(10)]
    Deadline.objects.bulk_create(
        Deadline(applicant=applicants[i % 10], source_key=f"own:bulk{i}", kind="own",
                 title=f"Deadline {i}", due_at=now + timedelta(days=1), zone="UTC",
                 next_remind_at=now - timedelta(minutes=1), next_offset=1)
        for i in range(DUE))
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
         "--concurrency=4", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=_worker_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    celery_app.conf.task_always_eager = False
    try:
        for _ in range(4):
            sweep_reminders.delay()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and Delivery.objects.filter(
                state="sent").count() < DUE:
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.5)
        time.sleep(2)  # anything sent twice would arrive by now
    finally:
        celery_app.conf.task_always_eager = True
        worker.terminate()
        output = worker.communicate(timeout=60)[0].decode()
    assert Delivery.objects.filter(state="sent").count() == DUE, output
    assert Delivery.objects.count() == DUE
    text = "".join(p.read_text() for p in tmp_path.iterdir())
    subjects = [line for line in text.splitlines() if line.startswith("Subject: ")]
    assert len(subjects) == DUE
    assert len(set(subjects)) == DUE  # each deadline's reminder once
