"""Outages: a mail server that never answers, the Redis visibility timeout, and a worker
killed in the middle of the batch refresh chain."""

import socket
import threading
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applicants.models import Applicant
from config.celery import _worker_timeouts
from config.celery import app as celery_app
from residency.models import MatchSeason
from road.models import RefreshRun
from road.tasks import refresh_all, sweep_refresh_runs
from tests.applicants.test_tasks import _worker_env
from tests.factories import ApplicantFactory, UserFactory
from tests.reminders.test_drills import (  # noqa: F401 (throwaway_redis: a fixture)
    _kill,
    _redis,
    _start_worker,
    _stop,
    throwaway_redis,
)


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
    # Looked for every few seconds, not kombu's default of one scan per 100 s.
    options = worker.broker_transport_options
    assert options["unacked_restore_interval"] * options["unacked_restore_throttle"] <= 10


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_drill_worker_killed_mid_chain_finishes_within_a_minute_of_restart(tmp_path):
    """Killed at a batch's end, the worker may have taken the next batch's message off the
    queue without yet recording it as unacknowledged (Redis's BRPOP then a second write): no
    redelivery can bring that message back, the run's row and the sweep do."""
    total = 60
    ApplicantFactory.create_batch(total)
    Applicant.objects.update(progress_updated_at=None)
    started_at = timezone.now()
    env = {**_worker_env(tmp_path), "ROAD_REFRESH_BATCH": "3",
           # Production's 60 s and 90 s work the same; shorter ones keep the drill short.
           "CELERY_VISIBILITY_TIMEOUT": "8", "ROAD_REFRESH_STALE_SECONDS": "10"}
    celery_app.conf.task_always_eager = False

    def refreshed():
        return Applicant.objects.filter(progress_updated_at__gte=started_at).count()

    worker = _start_worker(env)
    try:
        with transaction.atomic():
            run = refresh_all()  # what a rule or season change starts once it commits
        limit = time.monotonic() + 120
        while refreshed() < total // 4:  # a multiple of the batch: the kill lands between two
            assert time.monotonic() < limit and worker.poll() is None, _stop(worker)
            time.sleep(0.02)
        _kill(worker)
        assert refreshed() < total, "the chain had already finished"
        restarted = time.monotonic()
        worker = _start_worker(env)
        while refreshed() < total:
            assert time.monotonic() - restarted < 60, (refreshed(), _stop(worker))
            sweep_refresh_runs.delay()  # the beat (every 30 s in production)
            time.sleep(1)
    finally:
        celery_app.conf.task_always_eager = True
        _stop(worker)
    run.refresh_from_db()
    assert run.finished_at is not None


def _admin_form_data(response) -> dict:
    """The admin change form's fields as they stand (what a save without edits posts)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_down_a_season_saved_in_the_admin_commits_and_its_refresh_runs_once_redis_is_back(
        client, staff, tmp_path, throwaway_redis):  # noqa: F811 (the fixture imported)
    aiming = ApplicantFactory.create_batch(5, target_match_year=2027)
    Applicant.objects.update(progress_updated_at=None)
    season = MatchSeason.objects.get(year=2027)
    url = reverse("admin:residency_matchseason_change", args=[season.pk])
    client.force_login(staff)
    data = {**_admin_form_data(client.get(url)), "note": "Dates checked again", "_save": "Save"}
    redis = throwaway_redis["proc"]["redis"]
    redis.terminate()
    redis.wait(10)
    known = set(RefreshRun.objects.values_list("pk", flat=True))  # the seeds' own saves

    started = time.monotonic()
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert time.monotonic() - started < 3.0  # the save answers; Redis costs about a second
    assert MatchSeason.objects.get(pk=season.pk).note == "Dates checked again"
    run = RefreshRun.objects.exclude(pk__in=known).get()
    assert run.season == 2027 and run.finished_at is None  # recorded, waiting for the sweep
    assert not Applicant.objects.filter(progress_updated_at__isnull=False).exists()

    throwaway_redis["proc"]["redis"] = _redis(throwaway_redis["port"])  # Redis returns
    env = {**_worker_env(tmp_path), "REDIS_URL": throwaway_redis["url"],
           "ROAD_REFRESH_STALE_SECONDS": "1"}
    worker = _start_worker(env)
    try:
        time.sleep(1.1)  # the run is stale by now
        sweep_refresh_runs.delay()  # the beat
        limit = time.monotonic() + 60
        while Applicant.objects.filter(progress_updated_at__isnull=False).count() < len(aiming):
            assert time.monotonic() < limit and worker.poll() is None, _stop(worker)
            time.sleep(0.2)
    finally:
        output = _stop(worker)
    run.refresh_from_db()
    assert run.finished_at is not None, output
