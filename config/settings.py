"""Settings for every environment, read from the environment (12-factor).

With no DATABASE_URL the app runs on SQLite; with no REDIS_URL Celery tasks run
in-process. Production sets DEBUG=False and the variables listed in README.md.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me-000000000000000000000000"
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=True for local development).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram lookups for the program search (pg_trgm)
    "django_countries",
    "django_htmx",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "directory",
    "applicants",
    "certification",
    "residency",
    "road",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.headers.NoStoreMiddleware",  # sees every response, error pages included
    "csp.middleware.CSPMiddleware",
    "core.limits.BodyLimitMiddleware",  # before anything reads a body (CSRF, sessions)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "applicants.middleware.SessionTimeoutMiddleware",
    "applicants.middleware.LockedOutStatusMiddleware",
    "applicants.middleware.StaffViewLogMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "applicants.middleware.RequireMfaMiddleware",
    "applicants.middleware.NotAnApplicantMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "applicants.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections: a new connection per request cost 4x throughput here.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepared statements only where a query asks for one (core.preload's owner query):
    # psycopg prepares a query on request or after this many runs, which never comes.
    # Django's default (None) turns them off altogether. Behind a transaction-pooling
    # PgBouncer, set it back to None (the env variable "none").
    _threshold = env.str("PG_PREPARE_THRESHOLD", default=str(2**31))
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["prepare_threshold"] = None if _threshold.lower() == "none" else int(_threshold)
    # The planner's cost of a random read against a sequential one: PostgreSQL's default (4)
    # is for spinning disks; on SSDs, or with the tables in memory, 1.1 is the usual advice.
    # At 4 it read all 10,000 applicants of a caseload to find the 250 a name search and a
    # flag select, where 250 index look-ups take a third of the time (README, Caseload).
    _options.setdefault("options", f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', 1.1)}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache keeps allauth's rate limits working when Redis is down.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

AUTH_USER_MODEL = "applicants.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Five wrong passwords for one account in five minutes lock that account's sign-in for a
# while (answered with 429). No failure count per IP: behind one proxy or one campus NAT it
# locked everyone out. Sign-in attempts of any kind per client IP (the real one: see
# TRUSTED_PROXY_COUNT) keep allauth's flood brake, far above what people type.
ACCOUNT_RATE_LIMITS = {"login_failed": "5/300s/key", "login": "60/m/ip"}
# The client's address behind TRUSTED_PROXY_COUNT proxies that each append to
# X-Forwarded-For (docker-compose: nginx, 1); 0 means REMOTE_ADDR (no proxy). A forged
# X-Forwarded-For from the client is then ignored: only the entry our proxy added counts.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Changing the email addresses or MFA needs the password again unless the sign-in is under
# 5 minutes old (allauth's MFA pages always ask; this adds the email page).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# One email to the account's address for each password, email or MFA change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Every sign-up POST answers this long after it arrived, known email or new (applicants.
# adapters): above the slowest path (PBKDF2 and the mail server's answer).
SIGNUP_MIN_SECONDS = env.float("SIGNUP_MIN_SECONDS", default=1.0)
# Sessions: signed out after 30 minutes without a request and 12 hours after signing in
# (applicants.middleware.SessionTimeoutMiddleware); the cookie itself lasts 12 hours.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# Not on every request (a write each time): the list shows where and when each signed in.
USERSESSIONS_TRACK_ACTIVITY = False
ACCOUNT_ADAPTER = "applicants.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IMG Path] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IMG Path"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IMG Path <no-reply@imgpath.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
# US Eastern: every ECFMG and NRMP deadline is stated in it, so "today" (timezone.localdate)
# is the same day for every check, page and record date; stored times stay UTC (USE_TZ).
TIME_ZONE = "America/New_York"
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]  # "5 Jan 2027" everywhere (config/formats/en)
DATE_FORMAT = "j M Y"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Private uploads live outside any public URL; a permission-checking view serves them.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
FILE_UPLOAD_PERMISSIONS = 0o600
# Credential documents: the largest file accepted. Uploads over Django's 2.5 MB
# FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file, never held in memory.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# A whole request: one document and its form, with room for the multipart framing. Bigger
# bodies are refused unread (core.limits); nginx in docker-compose.yml has the same limit.
REQUEST_MAX_BYTES = DOCUMENT_MAX_BYTES + 512 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Per applicant: documents kept at once and their bytes together.
DOCUMENT_QUOTA_FILES = env.int("DOCUMENT_QUOTA_FILES", default=40)
DOCUMENT_QUOTA_BYTES = env.int("DOCUMENT_QUOTA_BYTES", default=100 * 1024 * 1024)
# A virus scanner, if one is installed: the dotted path of a function that takes the file
# and raises (or returns False) for an infected one. None runs here (its signatures need the
# internet). When set, an upload it cannot check is refused: it fails closed.
UPLOAD_SCANNER = env("UPLOAD_SCANNER", default="")

# Celery: Redis broker when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# A web request never waits more than about 1 s on Redis: connect and socket timeouts of
# 0.3 s and one quick retry on publish (a stopped Redis refuses at once; a hung one costs
# about 0.9 s), then the caller's error handling (the claim stays for the sweep).
# Workers and beat wait longer (config.celery: celeryd_init), a blocking read is their job.
_REDIS_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1,
                "interval_max": 0.1}
CELERY_BROKER_CONNECTION_TIMEOUT = 0.3
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 0.3, "socket_connect_timeout": 0.3,
                                   **_REDIS_RETRY}
CELERY_TASK_PUBLISH_RETRY_POLICY = _REDIS_RETRY
# A task taken by a worker that dies unacknowledged (acks_late) goes back to the queue after
# this long: longer than the longest task (a batch of 200 road refreshes takes seconds; a
# reminder send, one SMTP exchange), short enough that a killed worker's chain goes on
# within a minute of a worker coming back.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=60)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_VISIBILITY_TIMEOUT
# A worker looks for such tasks every 5 s. Kombu's default looks every 10 s but scans Redis
# on one look in ten: a worker restarted after a kill scanned once at start (the killed
# task not yet timed out) and then not for 100 s.
CELERY_BROKER_TRANSPORT_OPTIONS.update(unacked_restore_interval=5, unacked_restore_throttle=1)

# Security: strict unless DEBUG. Behind a TLS-terminating proxy, set the proxy header.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# __Host- cookies: only over HTTPS, for this host alone, for every path. `make run` (DEBUG,
# plain HTTP) keeps the plain names, which a browser accepts without HTTPS.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Talking to the mail server never holds a page for more than 10 s (password reset,
# sign-up); a worker's send fails and is retried instead of hanging.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles from our own static files only; an inline <script> or <style> needs the
# request's nonce (request.csp_nonce), and no inline event handler or style attribute runs.
# Downloads set their own, stricter policy (default-src 'none'; sandbox), which is kept.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # allauth's TOTP set-up shows its QR code as data:
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

# Product settings.
# Rule sets and season calendars stay in each process's memory this long (edits in the same
# process clear them at once).
REFERENCE_CACHE_SECONDS = env.int("REFERENCE_CACHE_SECONDS", default=60)
# The whole road (certificate, Match, stored summary) for the apps below the road layer: they
# call core.road, which runs these (dotted paths: settings import no app code).
# Django's form renderer with <input> widgets drawn in Python (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.Renderer"
ROAD = {
    "refresh": "road.refresh.refresh_road",
    "summary": "road.summary.road_summary",
    "refresh_all": "road.tasks.refresh_all",
    "load": "road.records.road_applicant",
    "load_own": "road.records.own_road_applicant",
}
ONBOARDING_MAX_FUTURE_GRADUATION_YEARS = 2
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# USMLE Step 3 pass marks by test date (RULES §2). No certificate rule set has a Step 3
# requirement, so exam records take Step 3 marks from here; a rule set that gains one wins.
USMLE_STEP3_PASS_MARKS = [["2016-01-01", 196], ["2020-01-01", 198], ["2024-01-01", 200]]
# Typical days from a test (or a Pathway submission) to its result, for the Match what-if
# planner and eligibility: only the entries overridden from the environment, e.g.
# RESULT_DAYS='{"STEP2CK": 21}'. The defaults are residency's (calendar.DEFAULT_RESULT_DAYS);
# residency.progress.result_days() lays these over them.
RESULT_DAYS = env.json("RESULT_DAYS", default={})
# Deadlines (applicants.reminders): a document "sent for verification" this many days ago
# is stalled; a rejected one should be sent again within this many days.
STALLED_VERIFICATION_DAYS = env.int("STALLED_VERIFICATION_DAYS", default=42)
DOCUMENT_RESUBMIT_DAYS = env.int("DOCUMENT_RESUBMIT_DAYS", default=14)
# Risk flags (road.flags): a Pathway not filed, an NRMP registration not made, an exam
# eligibility period with no test day booked, this many days before the deadline.
ADVISOR_FLAG_WINDOW_DAYS = env.int("ADVISOR_FLAG_WINDOW_DAYS", default=30)
# Caseload rows per page.
CASELOAD_PAGE_SIZE = env.int("CASELOAD_PAGE_SIZE", default=50)
# A claimed reminder (or welcome email) not marked sent after this long is taken again by the
# sweep: its worker died. Longer than any send takes; the kill drill test shortens it.
REMINDER_CLAIM_STALE_SECONDS = env.int("REMINDER_CLAIM_STALE_SECONDS", default=300)
# Celery beat: one schedule, here rather than django-celery-beat's tables: the sweep's
# interval is code's decision (it is cheap when nothing is due), needs no admin screen and
# no migration, and a beat started from settings cannot drift from the deploy.
# Applicants re-evaluated per task of the batch refresh (road.tasks.refresh_all_progress):
# a batch takes seconds, well inside CELERY_VISIBILITY_TIMEOUT.
ROAD_REFRESH_BATCH = env.int("ROAD_REFRESH_BATCH", default=200)
# A batch refresh no batch has moved for this long is started again by the sweep, from where
# it stopped (road.models.RefreshRun): longer than a batch takes and than the broker's own
# redelivery of a killed worker's task (the visibility timeout and one restore look).
ROAD_REFRESH_STALE_SECONDS = env.int("ROAD_REFRESH_STALE_SECONDS", default=90)
CELERY_BEAT_SCHEDULE = {
    "reminder-sweep": {"task": "applicants.tasks.sweep_reminders", "schedule": 60.0,
                       "options": {"expires": 55}},
    "refresh-sweep": {"task": "road.tasks.sweep_refresh_runs", "schedule": 30.0,
                      "options": {"expires": 25}},
    "publish-due-rule-sets": {"task": "certification.tasks.publish_due_rule_sets",
                              "schedule": 3600.0, "options": {"expires": 3500}},
}
