"""Drills with a real Celery worker: killed with SIGKILL mid-sweep, and Redis stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Deadline, Delivery, User
from applicants.tasks import send_reminder, sweep_reminders
from config.celery import app as celery_app
from tests.applicants.test_tasks import ROOT, _worker_env
from tests.factories import PASSWORD, ApplicantFactory, confirm_email

STALE_SECONDS = 8  # the workers' REMINDER_CLAIM_STALE_SECONDS: a killed claim is retaken soon


def _start_worker(env, concurrency=1):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
         f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
         "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)  # its own process group: SIGKILL takes the pool too


def _kill(worker):
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)


def _stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
    try:
        return worker.communicate(timeout=60)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        _kill(worker)
        return ""


def _subjects(folder):
    text = "".join(p.read_text(errors="replace") for p in folder.iterdir())
    return [line for line in text.splitlines() if line.startswith("Subject: ")]


def _due(count, now):
    applicants = [ApplicantFactory() for _ in range(5)]
    Deadline.objects.bulk_create(
        Deadline(applicant=applicants[i % 5], source_key=f"own:drill{i}", kind="own",
                 title=f"Drill deadline {i}", due_at=now + timedelta(days=1), zone="UTC",
                 next_remind_at=now - timedelta(minutes=1), next_offset=1)
        for i in range(count))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_kill_drill_sigkill_mid_sweep_misses_nothing_and_duplicates_at_most_one_per_kill(
        tmp_path):
    due, kills = 300, 2
    _due(due, timezone.now())
    env = {**_worker_env(tmp_path), "REMINDER_CLAIM_STALE_SECONDS": str(STALE_SECONDS)}
    celery_app.conf.task_always_eager = False
    outputs = []
    worker = _start_worker(env)
    try:
        sweep_reminders.delay()
        for k in range(kills):  # kill while sending, at about a third and two thirds
            target = due * (k + 1) // (kills + 1)
            limit = time.monotonic() + 120
            while Delivery.objects.filter(state="sent").count() < target:
                assert time.monotonic() < limit and worker.poll() is None, _stop(worker)
                time.sleep(0.05)
            _kill(worker)
            outputs.append(worker.stdout.read().decode(errors="replace"))
            assert Delivery.objects.filter(state="sent").count() < due  # truly mid-sweep
            worker = _start_worker(env)
        limit = time.monotonic() + 180
        while Delivery.objects.filter(state="sent").count() < due:
            assert time.monotonic() < limit, _stop(worker)
            sweep_reminders.delay()  # the beat, every few seconds here
            time.sleep(2)
        time.sleep(2)  # anything sent twice would arrive by now
    finally:
        celery_app.conf.task_always_eager = True
        outputs.append(_stop(worker))
    assert Delivery.objects.count() == due  # one delivery row per reminder
    assert Delivery.objects.filter(state="sent").count() == due, outputs
    subjects = _subjects(tmp_path)
    assert len(set(subjects)) == due  # no due reminder missed
    assert len(subjects) - due <= kills  # at most one duplicate per kill


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis(port):
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    limit = time.monotonic() + 10
    while time.monotonic() < limit:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def _new_broker_pool():
    """Publish through the pools of the broker now configured (kombu keeps one per URL;
    the session Redis's pool stays open for the other tests)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def throwaway_redis():
    """A redis-server of this test's own (the session's Redis stays up for the others), with
    this process's Celery app publishing to it."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    saved = celery_app.conf.broker_url
    proc = {"redis": _redis(port)}
    celery_app.conf.broker_url = url
    _new_broker_pool()
    celery_app.conf.task_always_eager = False
    yield {"port": port, "url": url, "proc": proc}
    celery_app.conf.task_always_eager = True
    if proc["redis"].poll() is None:
        proc["redis"].terminate()
        proc["redis"].wait(10)
    celery_app.conf.broker_url = saved
    _new_broker_pool()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_pages_answer_saves_commit_and_the_next_sweep_sends_what_fell_due(
        client, tmp_path, throwaway_redis):
    applicant = ApplicantFactory()
    client.force_login(applicant.user)
    pages = ("road:dashboard", "applicants:deadlines", "applicants:notifications",
             "applicants:reminder-settings")
    for name in pages:  # warm, as a running server is: the figure below is Redis's part
        assert client.get(reverse(name)).status_code == 200
    redis = throwaway_redis["proc"]["redis"]
    redis.terminate()
    redis.wait(10)

    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 (kombu's OperationalError, whatever its kind)
        send_reminder.delay(1, timezone.now().isoformat())
    assert time.monotonic() - started < 1.5  # the publish gives up within about a second

    for name in pages:
        started = time.monotonic()
        assert client.get(reverse(name)).status_code == 200
        assert time.monotonic() - started < 2.0, name
    started = time.monotonic()
    response = client.post(reverse("applicants:deadlines"),
                           {"title": "Ask for the letter",  # today on their calendar
                            "on": timezone.now().astimezone(ZoneInfo(applicant.time_zone)).date()})
    assert response.status_code == 302 and time.monotonic() - started < 2.0
    assert Deadline.objects.get(title="Ask for the letter").next_remind_at <= timezone.now()
    client.logout()
    started = time.monotonic()
    response = client.post(reverse("account_signup"), {
        "email": "offline@example.com", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and time.monotonic() - started < 2.0
    started = time.monotonic()
    response = confirm_email(client, "offline@example.com")  # verified: the welcome's turn
    assert response.status_code == 302 and time.monotonic() - started < 2.0
    fresh = User.objects.get(email="offline@example.com")  # committed; its welcome claimed
    assert fresh.welcome_claimed_at is not None and fresh.welcome_sent_at is None

    throwaway_redis["proc"]["redis"] = _redis(throwaway_redis["port"])  # Redis returns
    env = {**_worker_env(tmp_path), "REDIS_URL": throwaway_redis["url"],
           "REMINDER_CLAIM_STALE_SECONDS": "1"}
    worker = _start_worker(env)
    try:
        time.sleep(1)  # the welcome's claim is stale by now
        sweep_reminders.delay()  # one sweep
        limit = time.monotonic() + 60
        while not (Delivery.objects.filter(state="sent").exists()
                   and User.objects.get(pk=fresh.pk).welcome_sent_at):
            assert time.monotonic() < limit and worker.poll() is None, _stop(worker)
            time.sleep(0.2)
    finally:
        output = _stop(worker)
    subjects = _subjects(tmp_path)
    assert any("Ask for the letter" in s for s in subjects), output
    assert any("Welcome" in s for s in subjects), output
