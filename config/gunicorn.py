"""gunicorn settings shared by production (Dockerfile, docker-compose.yml) and `make bench`:
`gunicorn -c python:config.gunicorn config.wsgi:application`."""

import gc
import os

# Sync workers, one per CPU this process may run on, as production runs them (Dockerfile,
# docker-compose.yml) and the load benchmark measures them (benchmarks/loadtest.py). Behind
# nginx, which buffers each request body and each response, a slow client holds no worker:
# a worker is busy only while it builds a page or waits on PostgreSQL, which runs on the
# same machine. On this 2-CPU machine a third worker only made the workers take the CPUs
# from each other (README, Quality: load p95 25-30 ms with 3, 21-28 ms with 2, the runs
# interleaved). gunicorn's own WEB_CONCURRENCY, or the command line's --workers, wins.
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, len(os.sched_getaffinity(0))))


def post_worker_init(worker) -> None:
    """Load every view module now (Django imports the URLconf at the first request, and the
    PDF library's stylesheets with it: seconds on a busy machine, which the first visitor
    paid, or the health check timed out on). Then move every object the app made into the
    permanent generation: the collector no longer walks Django's hundred thousand
    long-lived objects each time a page's short-lived ones trigger a full collection (a few
    milliseconds a page)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    gc.freeze()
