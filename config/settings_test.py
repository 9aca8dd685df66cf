"""Test settings: real PostgreSQL and Redis, started for the session when not given."""

import atexit
import os
import shutil
import tempfile

from tests.services import ensure_services

ensure_services()
os.environ.setdefault("DEBUG", "True")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright + live_server

from config.settings import *  # noqa: E402,F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run eagerly in-process by default; the worker test starts a real worker instead.
CELERY_TASK_ALWAYS_EAGER = True
# Uploaded files made by tests go to a throwaway folder, never the project's private-media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="imgpath-media-"))  # noqa: F405
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
REFERENCE_CACHE_SECONDS = 0  # tests change rule sets freely; one test turns caching on
SIGNUP_MIN_SECONDS = 0  # the timing test sets its own floor; other sign-ups need none
