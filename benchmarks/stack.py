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
client.force_login(User.objects.get(email="applicant@example.com"))
print(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
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


def applicant_cookie(env: dict[str, str]) -> str:
    """A `Cookie` header value for a signed-in session of the demo applicant."""
    return manage(env, "shell", "-c", _SESSION_CODE).strip().splitlines()[-1]
