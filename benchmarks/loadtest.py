"""The locust load run against gunicorn + PostgreSQL (make bench): latency percentiles under
100 users and the bare page's unloaded median measured just before, on the same server."""

import csv
import http.client
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .server import HOST
from .stack import ROOT, applicant_cookie, log, manage

USERS, SPAWN_RATE = 100, 25
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
BARE_PATH, BARE_SAMPLES = "/me/", 60

_ADVISOR_MFA = """
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from applicants.models import User
user = User.objects.get(email="advisor@example.com")
if not Authenticator.objects.filter(user=user, type="totp").exists():
    TOTP.activate(user, generate_totp_secret())
"""
# The demo applicant's file, as the demo advisor opens it from the caseload.
_ADVISOR_FILE = """
from django.urls import reverse
from applicants.models import Applicant
demo = Applicant.objects.get(user__email="applicant@example.com")
print(reverse("road:advisor-file", args=[demo.pk]))
"""


def bare_median_ms(port: int, cookie: str) -> float:
    """The bare signed-in page's median latency, one request at a time."""
    times = []
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    for _ in range(BARE_SAMPLES):
        started = time.perf_counter()
        conn.request("GET", BARE_PATH, headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return statistics.median(times[5:])  # the first few warm the worker


def run(port: int, env: dict[str, str]) -> dict[str, float]:
    manage(env, "shell", "-c", _ADVISOR_MFA)
    cookies = {"LOAD_APPLICANT_COOKIE": applicant_cookie(env),
               "LOAD_ADVISOR_COOKIE": applicant_cookie(env, "advisor@example.com"),
               "LOAD_ADVISOR_FILE": manage(env, "shell", "-c", _ADVISOR_FILE).split()[-1]}
    bare = bare_median_ms(port, cookies["LOAD_APPLICANT_COOKIE"])
    log(f"load: bare page median {bare:.1f} ms; locust, {USERS} users for {SECONDS} s")
    with tempfile.TemporaryDirectory(prefix="imgpath-locust-") as folder:
        prefix = Path(folder) / "load"
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"),
             "--headless", "-u", str(USERS), "-r", str(SPAWN_RATE),
             # SECONDS with all USERS running: the figures restart once spawning is done.
             "-t", f"{SECONDS + math.ceil(USERS / SPAWN_RATE)}s", "--reset-stats",
             "--host", f"http://{HOST}:{port}", "--csv", str(prefix), "--only-summary",
             "--loglevel", "WARNING"],
            cwd=ROOT, env={**env, **cookies}, check=False, stdout=sys.stderr, stderr=sys.stderr)
        with open(f"{prefix}_stats.csv", newline="") as handle:
            total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    p95 = float(total["95%"])
    return {"load_p50_ms": float(total["50%"]), "load_p95_ms": p95,
            "load_p99_ms": float(total["99%"]), "load_errors": int(total["Failure Count"]),
            "load_requests": int(total["Request Count"]),
            "load_p95_to_bare_ratio": p95 / bare}
