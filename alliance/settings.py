"""Alliance settings: one file, read from the environment.

With no DATABASE_URL and no CELERY_BROKER_URL the app runs embedded (SQLite,
Celery tasks executed eagerly in process). Every variable is documented in
README.md and .env.example.
"""

import datetime
import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_json_object(name: str) -> dict:
    value = env_str(name)
    try:
        parsed = json.loads(value) if value else {}
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {value!r}") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {value!r}")
    return parsed


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def email_from_url(url: str) -> dict:
    """Django's mailer for smtp://user:password@host:port (plain), smtp+tls:// (STARTTLS) or smtps:// (TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL must be smtp://, smtp+tls:// or smtps://host[:port], not {parts.scheme!r}"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number") from None
    options = {
        "host": parts.hostname,
        "port": port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[parts.scheme],
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": parts.scheme == "smtp+tls",
        "use_ssl": parts.scheme == "smtps",
    }
    return {"BACKEND": SMTP_BACKEND, "OPTIONS": options}


# "production" turns on every protection that `check --deploy` asks for.
# Anything else stops start-up: a misspelt "Prod" must not run the development set-up (DEBUG, the built-in key).
ENVIRONMENT = env_str("ALLIANCE_ENV", "development").lower()
if ENVIRONMENT not in {"production", "development"}:
    raise ImproperlyConfigured(f"ALLIANCE_ENV must be production or development, not {env_str('ALLIANCE_ENV')!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when ALLIANCE_ENV=production")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

# Old keys still accepted for signatures while a new SECRET_KEY rolls out (README: rotating secrets).
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "accounts",
    "patients",
    "sessions.apps.TherapySessionsConfig",
    "measures",
    "review",
    "digests",
    "records",
    "dashboard",
    "pgtrigger",
    "pghistory",
    "audit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # the recovery codes, stored as digests (accounts/two_factor/recovery_codes.py)
    "alliance.apps.AllianceConfig",  # the production system checks (alliance/checks.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Sends a user with a device to enter their code, and a clinic admin who must have one to set it up.
    "accounts.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_limits.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.session_limits",
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file.
DATABASE_URL = env_str("DATABASE_URL")
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 30)
if DATABASE_URL:
    default_db = dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    # A hung or unreachable server fails a new connection after DATABASE_CONNECT_TIMEOUT seconds
    # instead of hanging the request; a statement (a lock wait, a runaway query) is cancelled by
    # the server after DATABASE_STATEMENT_TIMEOUT seconds (0: never). docs/operations.md.
    default_db.setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT, options=f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}s"
    )
else:
    default_db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        # Each transaction takes the write lock when it begins, so that two requests writing at once
        # wait for each other (up to the timeout) instead of failing with "database is locked".
        "OPTIONS": {"transaction_mode": "IMMEDIATE"},
    }
# A test's worker process points at the test database through this variable.
if env_str("DATABASE_NAME"):
    default_db["NAME"] = env_str("DATABASE_NAME")
DATABASES = {"default": default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins (django-axes): LOGIN_FAILURE_LIMIT failures for an account from one address lock
# that pair out for LOGIN_LOCKOUT_MINUTES (never the account elsewhere: nobody can lock an account
# by knowing its name). After as many failures from anywhere, each sign-in to the account waits
# LOGIN_SLOWDOWN_SECONDS before its password is checked (accounts/login_slowdown.py).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_SLOWDOWN_SECONDS = env_int("LOGIN_SLOWDOWN_SECONDS", 1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Two-factor authentication (django-otp, TOTP): optional for staff, required for clinic admins and
# superusers when TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS is on (by default in production only, so
# that the demo admin can sign in at once).
TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS = env_bool("TWO_FACTOR_REQUIRED_FOR_CLINIC_ADMINS", PRODUCTION)
OTP_TOTP_ISSUER = "Alliance"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the Django admin never shows a device's secret key

# A signed-in session ends after SESSION_IDLE_MINUTES without activity (a warning
# shows shortly before) and SESSION_MAX_HOURS after signing in, whatever the
# activity (accounts/session_limits.py). The cookie never outlives the latter.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 15) * 60
SESSION_MAX_SECONDS = env_int("SESSION_MAX_HOURS", 12) * 3600
SESSION_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = env_str("DJANGO_LANGUAGE_CODE", "es")
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Europe/Madrid")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap from its npm package (`npm ci`), never copied into the repository.
    ("bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    # plotly.js's strict bundle (no eval, so the CSP needs no 'unsafe-eval'); same release as plotly 7.1's.
    ("plotly", BASE_DIR / "node_modules" / "plotly.js-strict-dist-min"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The sessions CSV import (records.csv_import): larger files are refused with a clear message.
SESSIONS_IMPORT_MAX_BYTES = env_int("SESSIONS_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
SESSIONS_IMPORT_MAX_ROWS = env_int("SESSIONS_IMPORT_MAX_ROWS", 20_000)

# A strict Content Security Policy: everything from our own origin, nothing inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probed over plain HTTP inside the network
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Redis, as broker and as cache: a hung server costs a call at most this socket timeout, and after
# a failure both the review publish and the tablet-code throttle leave it alone for
# REVIEW_PUBLISH_PAUSE_SECONDS (docs/operations.md, "Celery on Redis").
REDIS_SOCKET_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}

# Celery: Redis when CELERY_BROKER_URL is set; otherwise tasks run eagerly in
# process (the embedded demo only). Why the fault-tolerance settings: docs/operations.md ("Celery on Redis").
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than any task's hard time limit, so a running task is never redelivered.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 2,
    **REDIS_SOCKET_OPTIONS,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_TIMEZONE = TIME_ZONE

# The review (docs/review-rules.md, "Thresholds" and "Checklist review"). Thresholds and checklist
# windows are overridden by a JSON object, e.g. REVIEW_THRESHOLDS='{"srs_cutoff": "35.0"}'
# (names: review.rules.Thresholds; REVIEW_CHECKLIST keys: days, last_sessions, supervision_sessions,
# supervision_fraction).
REVIEW_THRESHOLDS = env_json_object("REVIEW_THRESHOLDS")
REVIEW_CHECKLIST = env_json_object("REVIEW_CHECKLIST")
# The sweep reviews sessions still marked REVIEW_SWEEP_GRACE_SECONDS after the change.
REVIEW_SWEEP_SECONDS = env_int("REVIEW_SWEEP_SECONDS", 60)
REVIEW_SWEEP_GRACE_SECONDS = env_int("REVIEW_SWEEP_GRACE_SECONDS", 30)
REVIEW_SWEEP_LIMIT = env_int("REVIEW_SWEEP_LIMIT", 1000)  # patients queued per sweep, oldest first
# A patient the sweep queued is queued again only after its review ran, or after this long.
REVIEW_SWEEP_REQUEUE_SECONDS = env_int("REVIEW_SWEEP_REQUEUE_SECONDS", 600)
# After a failed publish, saves skip publishing this long (the sweep catches up).
REVIEW_PUBLISH_PAUSE_SECONDS = env_int("REVIEW_PUBLISH_PAUSE_SECONDS", 10)
CACHE_PAUSE_SECONDS = REVIEW_PUBLISH_PAUSE_SECONDS  # the throttle counts in process memory meanwhile
# The sweep has a queue of its own, which the worker reads in turn with the default one: behind a
# backlog of reviews it still runs on time, and it never expires unrun (docs/operations.md).
CELERY_TASK_QUEUES = [Queue("celery", routing_key="celery"), Queue("sweep", routing_key="sweep")]
CELERY_TASK_ROUTES = {"review.tasks.review_sweep": {"queue": "sweep"}}
CELERY_BEAT_SCHEDULE = {
    "review-sweep": {"task": "review.tasks.review_sweep", "schedule": REVIEW_SWEEP_SECONDS},
    # The checklist review's 28-day window moves with the calendar.
    "review-checklist-refresh": {"task": "review.tasks.checklist_refresh", "schedule": crontab(hour=3, minute=30)},
}

# Cache (the tablet-code throttle counts): Redis at CACHE_URL, else the broker's Redis when
# CELERY_BROKER_URL is one, else this process's memory (embedded demo).
CACHE_URL = env_str("CACHE_URL") or env_str("CELERY_BROKER_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "alliance",
            # A hung Redis must not hang the page: the throttle falls back to process memory.
            "OPTIONS": REDIS_SOCKET_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Patient forms (measures.patient_forms): how long a tablet code, an opened tablet form and a
# telehealth link last; how often the patient WAI-SR follows the SRS (0: never); and how many
# wrong tablet codes are allowed per device and per address within the throttle window.
TABLET_CODE_MINUTES = env_int("TABLET_CODE_MINUTES", 10)
TABLET_FORM_MINUTES = env_int("TABLET_FORM_MINUTES", 120)
TELEHEALTH_LINK_HOURS = env_int("TELEHEALTH_LINK_HOURS", 48)
WAI_SR_EVERY_SESSIONS = env_int("WAI_SR_EVERY_SESSIONS", 3)
TABLET_CODE_THROTTLE_MINUTES = env_int("TABLET_CODE_THROTTLE_MINUTES", 15)
TABLET_CODE_FAILURES_PER_DEVICE = env_int("TABLET_CODE_FAILURES_PER_DEVICE", 5)
TABLET_CODE_FAILURES_PER_ADDRESS = env_int("TABLET_CODE_FAILURES_PER_ADDRESS", 20)

# E-mail (the daily digest, digests/): EMAIL_URL, or EMAIL_HOST and its companions; with neither,
# messages are printed on the console (development). SITE_URL starts the links the e-mails carry.
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    default_mailer = email_from_url(EMAIL_URL)
elif env_str("EMAIL_HOST"):
    default_mailer = {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        },
    }
else:
    default_mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
if default_mailer["BACKEND"] == SMTP_BACKEND:
    # Seconds: a hung server fails the send, which is tried again later.
    default_mailer["OPTIONS"]["timeout"] = env_int("EMAIL_TIMEOUT", 10)
MAILERS = {"default": default_mailer}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alliance@localhost")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The daily digest goes at DIGEST_HOUR (TIME_ZONE); the users a send failed for are tried again
# every DIGEST_RETRY_SECONDS, DIGEST_RETRIES times, then by the next morning's run.
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
DIGEST_RETRY_SECONDS = env_int("DIGEST_RETRY_SECONDS", 900)
DIGEST_RETRIES = env_int("DIGEST_RETRIES", 16)
CELERY_BEAT_SCHEDULE["daily-digests"] = {
    "task": "digests.tasks.daily_digests",
    "schedule": crontab(hour=DIGEST_HOUR, minute=0),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every failed sign-in at INFO; its lockouts are WARNING.
    # Celery logs every task at INFO: noise in the embedded demo, where tasks run in process.
    "loggers": {
        "axes": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING" if not env_str("CELERY_BROKER_URL") else "INFO"},
    },
}
