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
from tests.factories import PASSWORD, UserFactory, confirm_email

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
def test_the_welcome_waits_for_the_verified_address_and_the_commit(
    client, django_capture_on_commit_callbacks
):
    """Sign-up sends only the verification email; confirming the address claims the
    welcome, which is enqueued once the confirmation commits."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {
            "email": "fresh@example.com", "password1": PASSWORD, "password2": PASSWORD,
        })
    assert not any("Welcome" in m.subject for m in mail.outbox)  # not before verification
    assert User.objects.get(email="fresh@example.com").welcome_claimed_at is None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm_email(client, "fresh@example.com")
    assert not any("Welcome" in m.subject for m in mail.outbox)  # nothing before commit
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox].count("Welcome to IMG Path") == 1


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


@pytest.mark.django_db
def test_a_welcome_claim_left_sending_by_a_dead_worker_is_sent_by_the_next_run_once():
    from datetime import timedelta

    from django.utils import timezone

    from applicants import welcome
    from applicants.tasks import sweep_reminders

    user = UserFactory()
    token = welcome.claim(user)  # the worker took the task and was killed: no send
    sweep_reminders()  # too soon: the claim is live, nothing sent
    assert mail.outbox == []
    user.refresh_from_db()
    claimed = user.welcome_claimed_at
    assert claimed is not None and user.welcome_sent_at is None
    later = claimed + welcome.STALE + timedelta(seconds=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        sweep_reminders()  # the next run takes the stale claim again and sends it
        sweep_reminders()
    send_welcome_email(user.pk, token)  # the dead worker's message, redelivered late
    send_welcome_email(user.pk)
    assert [m.to for m in mail.outbox] == [[user.email]]
    user.refresh_from_db()
    assert user.welcome_sent_at is not None


@pytest.mark.django_db
def test_the_welcome_is_marked_sent_only_after_the_backend_returns(monkeypatch):
    from applicants import emails

    user = UserFactory()

    def fail(_user):
        assert User.objects.get(pk=user.pk).welcome_sent_at is None  # not marked yet
        raise OSError("mail server down")

    monkeypatch.setattr(emails, "welcome", fail)
    with pytest.raises(OSError):
        send_welcome_email.run(user.pk)
    user.refresh_from_db()
    assert user.welcome_sent_at is None and user.welcome_claimed_at is None  # given back
    monkeypatch.undo()
    send_welcome_email(user.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_signup_with_the_broker_down_commits_and_leaves_the_welcome_to_the_sweep(
    client, monkeypatch
):
    from kombu.exceptions import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(send_welcome_email, "delay", down)
    response = client.post(reverse("account_signup"), {
        "email": "offline@example.com", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    assert confirm_email(client, "offline@example.com").status_code == 302
    user = User.objects.get(email="offline@example.com")
    assert user.welcome_claimed_at is not None and user.welcome_sent_at is None
