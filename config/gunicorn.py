"""gunicorn settings shared by production (Dockerfile, docker-compose.yml) and `make bench`:
`gunicorn -c python:config.gunicorn config.wsgi:application`."""

import gc


def post_worker_init(worker) -> None:
    """Once the app is loaded, move every object it made into the permanent generation: the
    collector then no longer walks Django's hundred thousand long-lived objects each time a
    page's short-lived ones trigger a full collection (a few milliseconds a page)."""
    gc.freeze()
