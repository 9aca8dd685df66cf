"""gunicorn settings shared by production (Dockerfile, docker-compose.yml) and `make bench`:
`gunicorn -c python:config.gunicorn config.wsgi:application`."""

import gc

# Sync workers, as production runs them (Dockerfile, docker-compose.yml) and the load
# benchmark measures them (benchmarks/loadtest.py); a command line's --workers wins.
workers = 3


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
