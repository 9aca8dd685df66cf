"""A fresh database with demo data and a production-like environment for the app."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from tests.services import ensure_services

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "imgpath_bench"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_START = time.monotonic()

_SESSION_CODE = """
from django.conf import settings
from django.test import Client
from applicants.models import User
client = Client()
client.force_login(User.objects.get(email="{email}"))
print(f"{{settings.SESSION_COOKIE_NAME}}={{client.cookies[settings.SESSION_COOKIE_NAME].value}}")
"""

# An applicant with RECORDS of each kind (exam attempts, documents, OET sittings, Pathway
# applications, saved programs, applications), as the dashboard's query-count test builds
# them: the page must stay as fast with fifty records as with a handful.
RECORDS = 50
HEAVY_EMAIL = "fifty-records@example.com"
_HEAVY_CODE = """
from datetime import date, timedelta
from applicants.models import Applicant, User
from certification.models import CredentialDocument, ExamAttempt, OetSitting, PathwayApplication
from road.refresh import refresh_road as refresh_progress
from residency.models import Program, ResidencyApplication, SavedProgram
user = User.objects.create_user("{email}", "bench-password-2026")
applicant = Applicant.objects.create(
    user=user, legal_name="Fifty Records", citizenships=["IN"], school_country="IN",
    school_name="Grant Government Medical College", graduation_date=date(2023, 5, 31),
    target_match_year=2028)
programs = list(Program.objects.order_by("pk")[:{records}])
for i in range({records}):
    day = date(2021, 1, 1) + timedelta(days=20 * i)
    ExamAttempt.objects.create(applicant=applicant, exam="STEP3", test_date=day, outcome="fail")
    CredentialDocument.objects.create(
        applicant=applicant, type="OTHER", file=f"documents/bench-{{i}}",
        original_name="x.pdf", content_type="application/pdf", size=10, sha256="0" * 64)
    OetSitting.objects.create(applicant=applicant, test_date=day, listening=300, reading=300,
                              writing=300, speaking=300)
    PathwayApplication.objects.create(applicant=applicant, pathway="6", season=2026)
    SavedProgram.objects.create(applicant=applicant, program=programs[i])
    ResidencyApplication.objects.create(applicant=applicant, season=2028, program=programs[i])
refresh_progress(applicant.pk)
print(applicant.exams.count(), "exam attempts")
"""


# The caseload benchmark: one organisation with CASELOAD applicants (stored summaries made
# up in bulk, as the caseload's query-count test builds them), seen by its lead.
CASELOAD = 10_000
_CASELOAD_CODE = """
from django.db import connection
from tests.advisors.conftest import make_team
from tests.advisors.test_caseload import build
team = make_team("Bench IMG Office")
build(team, {count})
# What autovacuum does within a minute of a bulk load: planner statistics and the visibility
# map (index-only scans); without it the figures depend on whether it ran mid-benchmark.
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
print(team.lead.email)
"""


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - _START:5.1f}s] {message}", file=sys.stderr, flush=True)


def _require_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"benchmarks only use loopback servers, not {host!r} (from {url!r})")


def _fresh_database(server_url: str) -> str:
    parts = urlsplit(server_url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return parts._replace(path=f"/{BENCH_DB}").geturl()


def prepare(workdir: Path) -> dict[str, str]:
    """Start the services, build the database, return the environment for the app."""
    ensure_services()
    for name in ("DATABASE_URL", "REDIS_URL"):
        _require_loopback(os.environ[name])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _fresh_database(os.environ["DATABASE_URL"]),
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
    }
    log(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    # collectstatic needs no database: let it run while the database is migrated.
    static = subprocess.Popen([sys.executable, "manage.py", "collectstatic", "--noinput"],
                              cwd=ROOT, env=env, stdout=sys.stderr)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    if static.wait() != 0:
        raise RuntimeError("collectstatic failed")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    """Run a manage.py command; its output goes to stderr unless captured for the caller."""
    log("manage.py " + " ".join("<code>" if "\n" in arg else arg for arg in args))
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          stdout=subprocess.PIPE, text=True)
    print(done.stdout, end="", file=sys.stderr)
    return done.stdout


def applicant_cookie(env: dict[str, str], email: str = "applicant@example.com") -> str:
    """A `Cookie` header value for a signed-in session of the applicant (the demo one)."""
    code = _SESSION_CODE.format(email=email)
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def heavy_applicant_cookie(env: dict[str, str]) -> str:
    """Create the applicant with RECORDS records of each kind; a session cookie for them."""
    manage(env, "shell", "-c", _HEAVY_CODE.format(email=HEAVY_EMAIL, records=RECORDS))
    return applicant_cookie(env, HEAVY_EMAIL)


def caseload_lead_cookie(env: dict[str, str]) -> str:
    """Build the organisation of CASELOAD applicants; a session cookie of its lead (who has
    MFA set up, as every advisor must)."""
    email = manage(env, "shell", "-c", _CASELOAD_CODE.format(count=CASELOAD)).strip()
    return applicant_cookie(env, email.splitlines()[-1])
