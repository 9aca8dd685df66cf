import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from applicants.models import User
from applicants.tasks import send_welcome_email
from config.celery import app as celery_app
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_welcome_email_is_sent_once_even_if_the_task_runs_twice():
    user = UserFactory()
    send_welcome_email(user.pk)
    send_welcome_email(user.pk)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "Welcome to IMG Path" in mail.outbox[0].subject
    user.refresh_from_db()
    assert user.welcome_sent_at is not None


@pytest.mark.django_db
def test_welcome_email_is_enqueued_only_after_signup_commits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_signup"), {
            "email": "fresh@example.com", "password1": PASSWORD, "password2": PASSWORD,
        })
    assert not any("Welcome" in m.subject for m in mail.outbox)  # nothing before commit
    for callback in callbacks:
        callback()
    assert any("Welcome" in m.subject for m in mail.outbox)


def _worker_env(tmp_path: Path) -> dict:
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="True",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        EMAIL_URL=f"filemail:///{tmp_path}",  # django-environ drops one leading slash
    )
    return env


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_the_welcome_email(tmp_path):
    """A real Celery worker, fed through the real Redis broker, runs the task."""
    user = UserFactory()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=_worker_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        send_welcome_email.delay(user.pk)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(tmp_path.iterdir()):
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.2)
    finally:
        celery_app.conf.task_always_eager = True
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    sent = [p.read_text() for p in tmp_path.iterdir()]
    assert len(sent) == 1, output
    assert "Subject: [IMG Path] Welcome to IMG Path" in sent[0] or "Welcome to IMG Path" in sent[0]
    assert f"To: {user.email}" in sent[0]
    assert User.objects.get(pk=user.pk).welcome_sent_at is not None
