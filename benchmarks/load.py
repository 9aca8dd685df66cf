"""Bounded HTTP load over loopback: a few client threads, a warm-up, a fixed window.

gunicorn's sync workers close the connection after each response (as in production);
http.client then reconnects on the next request.
"""

import http.client
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

# Two connections per gunicorn worker keep every worker busy; more would only queue
# in the listen backlog and take CPU from the server on a small machine.
CLIENTS = 4
WARMUP = 1.0
DURATION = 5.0


def _client(port: int, path: str, headers: dict, warm_end: float, end: float):
    """Request `path` until `end`; count 200s completed inside the window, and all errors."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    ok, errors = 0, Counter()
    while time.monotonic() < end:
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            status = type(exc).__name__
        if status != 200:
            errors[status] += 1
        elif warm_end <= time.monotonic() < end:
            ok += 1
    conn.close()
    return ok, errors


def requests_per_second(port: int, path: str, cookie: str | None = None) -> float:
    """Throughput of 200 responses for GET `path`; raises if any response was not 200."""
    headers = {"Cookie": cookie} if cookie else {}
    warm_end = time.monotonic() + WARMUP
    end = warm_end + DURATION
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(_client, port, path, headers, warm_end, end)
                   for _ in range(CLIENTS)]
        results = [f.result() for f in futures]
    errors = sum((e for _, e in results), Counter())
    if errors:
        raise RuntimeError(f"GET {path}: non-200 responses or failures: {dict(errors)}")
    return sum(ok for ok, _ in results) / DURATION
