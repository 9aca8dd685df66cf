"""Production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The production variables documented in README.md.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "False",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "imgpath.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://imgpath.example.org",
    "DATABASE_URL": "postgres://imgpath:secret@db.internal:5432/imgpath",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "SITE_URL": "https://imgpath.example.org",
}


def _clean_env() -> dict:
    """Only the basics of this shell: no test-session variables leak into the check."""
    return {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}


def _manage(*args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_variables():
    env = {**_clean_env(), **PRODUCTION_ENV}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_refuses_to_start_without_secret_key_in_production():
    env = {**_clean_env(), **PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode == 2  # a configuration error, told in one line
    assert result.stderr.strip() == (
        "Configuration error: Set SECRET_KEY (or DEBUG=True for local development).")
