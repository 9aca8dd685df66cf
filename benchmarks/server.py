"""gunicorn on a free loopback port, as in production (sync workers)."""

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .stack import ROOT, log

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_ready(proc: subprocess.Popen, port: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            ready = conn.getresponse().status == 200
            conn.close()
            if ready:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer /healthz")


@contextmanager
def gunicorn(env: dict[str, str], workers: int | None = 2) -> Iterator[int]:
    """Serve the app; yield its port; stop it on the way out. `workers` None: as many as
    production runs (config/gunicorn.py)."""
    port = _free_port()
    count = ["--workers", str(workers)] if workers else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn",
         "config.wsgi:application", "--bind", f"{HOST}:{port}", *count,
         "--worker-class", "sync", "--no-control-socket",
         # Loading the app takes seconds; on a machine other jobs keep busy, more than
         # gunicorn's 60 s default allows a worker to start.
         "--timeout", "300"],
        cwd=ROOT, env=env, stdout=sys.stderr,
    )
    try:
        _wait_ready(proc, port)
        log(f"gunicorn ({workers or 'production’s'} workers) on {HOST}:{port}")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
