"""Reference data (published rule sets, season calendars) changes a few times a year but is
read on every dashboard and checklist: keep it in process memory for a short while.

An edit through the ORM clears this process's copy at once (signals connected in the apps'
ready()); other processes (gunicorn workers, Celery) see it within REFERENCE_CACHE_SECONDS.
Tests run with 0 (no caching) unless a test turns it on.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

_store: dict[str, tuple[float, Any]] = {}


def cached(key: str, load: Callable[[], Any]) -> Any:
    ttl = getattr(settings, "REFERENCE_CACHE_SECONDS", 0)
    if ttl <= 0:
        return load()
    now = time.monotonic()
    hit = _store.get(key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1]
    value = load()
    _store[key] = (now, value)
    return value


def clear(*args, **kwargs) -> None:
    """Drop every cached value; connected to post_save/post_delete of reference models."""
    _store.clear()
