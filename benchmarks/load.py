"""Bounded HTTP load over loopback: a few client threads, a warm-up, fixed windows.

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
ROUNDS = 5  # pages_per_second: turns per page
SETTLE = 0.2  # before each turn: connections of the previous page's load close


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


def pages_per_second(port: int, pages: list[tuple[str, str | None]]) -> list[float]:
    """Throughput of each (path, cookie), the pages taking turns: after a warm-up each, ROUNDS
    windows per page, DURATION seconds per page in all. A machine that speeds up or slows
    down during the run (other work, a neighbour's CPU use) then weighs on every figure
    alike, so their ratios hold; measured one after the other, the ratio of two pages
    swung from 0.37 to 0.74 between runs on a shared 2-CPU machine."""
    for path, cookie in pages:
        _window(port, path, cookie, WARMUP, 0)
    counts = [0] * len(pages)
    for _ in range(ROUNDS):
        for i, (path, cookie) in enumerate(pages):
            counts[i] += _window(port, path, cookie, SETTLE, DURATION / ROUNDS)
    return [count / DURATION for count in counts]


def _window(port: int, path: str, cookie: str | None, warmup: float, duration: float) -> int:
    """200 responses completed in `duration` seconds after `warmup`; raises on any other."""
    headers = {"Cookie": cookie} if cookie else {}
    warm_end = time.monotonic() + warmup
    end = warm_end + duration
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(_client, port, path, headers, warm_end, end)
                   for _ in range(CLIENTS)]
        results = [f.result() for f in futures]
    errors = sum((e for _, e in results), Counter())
    if errors:
        raise RuntimeError(f"GET {path}: non-200 responses or failures: {dict(errors)}")
    return sum(ok for ok, _ in results)
