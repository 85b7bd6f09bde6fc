"""Django settings, read from the environment.

Variables: ``DATABASE_URL`` (default: SQLite under ``./var``), ``CYBERINS_SECRET_KEY``,
``CYBERINS_DEBUG``, ``CYBERINS_ALLOWED_HOSTS`` (comma separated), ``CYBERINS_LANGUAGE``
(``zh-hans`` or ``en``), ``CYBERINS_VAR_DIR``, ``CYBERINS_SCAN_ALLOW`` (scan targets admitted
besides public addresses), ``CYBERINS_SCAN_CA_FILE`` (extra trusted CAs for scans),
``CYBERINS_SCAN_DNS_SERVER`` (resolver for the email and DNS checks), ``CYBERINS_EMAIL_*``,
``CYBERINS_PUBLIC_URL`` and ``CYBERINS_WEBHOOK_TIMEOUT`` (notifications: docs/notifications.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CYBERINS_VAR_DIR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("CYBERINS_DEBUG")
# An unset key is only acceptable on a developer's machine: the demo writes a random one under var/.
SECRET_KEY = os.environ.get("CYBERINS_SECRET_KEY", "")
if not SECRET_KEY:
    from cyberins.conf.secret import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CYBERINS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CYBERINS_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# Scan targets the health checks may reach besides public addresses (comma-separated CIDR or
# address:port); loopback, private, link-local, metadata... are refused unless listed here.
SCAN_ALLOW = os.environ.get("CYBERINS_SCAN_ALLOW", "")
# Extra trust anchors (PEM) for the health checks' certificate validation, e.g. a private CA.
SCAN_CA_FILE = os.environ.get("CYBERINS_SCAN_CA_FILE", "")
# Resolver for the email and DNS security checks of declared host names ("address:port" or
# "system"); empty: those checks are skipped.
SCAN_DNS_SERVER = os.environ.get("CYBERINS_SCAN_DNS_SERVER", "")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: its translated fields in the back office
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # its Swagger UI files: /api/docs loads them from here, never from a CDN
    "axes",
    "django_tasks",
    "django_tasks_db",
    "cyberins.accounts",
    "cyberins.notifications",
    "cyberins.providers",
    "cyberins.products",
    "cyberins.healthchecks",
    "cyberins.underwriting",
    "cyberins.policies",
    "cyberins.analytics",
    "cyberins.incidents",
    "cyberins.claims",
    "cyberins.web",
]

MIDDLEWARE = [
    "cyberins.web.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cyberins.web.middleware.PlatformLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cyberins.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "cyberins.web.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "cyberins.conf.urls"
WSGI_APPLICATION = "cyberins.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cyberins.web.navigation.navigation",
                "cyberins.notifications.context.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cyberins.sqlite3'}"),
        conn_max_age=int(os.environ.get("CYBERINS_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web workers read while one writes; the timeout waits out a writer instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Background work (scans, scheduled inspections): Django's tasks API, database backend, `cyberins worker`.
TASKS = {"default": {"BACKEND": os.environ.get("CYBERINS_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A running health check's lease: the worker renews it; once expired the check is re-queued (docs/jobs.md).
HEALTHCHECK_LEASE_SECONDS = float(os.environ.get("CYBERINS_HEALTHCHECK_LEASE_SECONDS", "60"))
HEALTHCHECK_RECOVERY_SECONDS = float(os.environ.get("CYBERINS_HEALTHCHECK_RECOVERY_SECONDS", "15"))

# Audit trail (docs/audit.md): MAC keys and chain checkpoints live outside the database; the sealer links
# committed records into the hash chain after each commit ("auto": a background thread on PostgreSQL,
# inline on SQLite; "off": only `cyberins audit seal` and the periodic job).
AUDIT_KEY_FILE = Path(os.environ.get("CYBERINS_AUDIT_KEY_FILE", VAR_DIR / "audit_keys"))
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("CYBERINS_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit_checkpoints.jsonl")
)
AUDIT_SEALER = os.environ.get("CYBERINS_AUDIT_SEALER", "auto")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username from that address for 30 minutes; twenty failures
# from one address across usernames (password spraying) lock the address (cyberins.web.throttling).
AXES_FAILURE_LIMIT = int(os.environ.get("CYBERINS_LOGIN_FAILURE_LIMIT", "5"))
CYBERINS_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CYBERINS_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "cyberins.web.throttling.SprayAwareHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

# Notifications (docs: README "Notifications"): email by SMTP, links in emails and webhooks made absolute.
EMAIL_BACKEND = os.environ.get("CYBERINS_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("CYBERINS_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("CYBERINS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CYBERINS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CYBERINS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("CYBERINS_EMAIL_STARTTLS")
EMAIL_USE_SSL = _flag("CYBERINS_EMAIL_SSL")
EMAIL_TIMEOUT = 10
# The demo writes its emails to files here instead of sending them (cyberins demo).
EMAIL_FILE_PATH = Path(os.environ.get("CYBERINS_EMAIL_FILE_PATH", VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("CYBERINS_EMAIL_FROM", "cyberins@localhost")
CYBERINS_PUBLIC_URL = os.environ.get("CYBERINS_PUBLIC_URL", "http://127.0.0.1:8000")
CYBERINS_WEBHOOK_TIMEOUT = float(os.environ.get("CYBERINS_WEBHOOK_TIMEOUT", "5"))

LANGUAGE_CODE = os.environ.get("CYBERINS_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Product content (product, plan and service names…) is kept in both languages by django-modeltranslation
# (``name_zh_hans``/``name_en`` beside ``name``; docs/i18n.md). Chinese is the language of record whatever
# CYBERINS_LANGUAGE says, and an English text not yet written falls back to the Chinese one.
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans",)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (providers' reports); served only through views that check access, never by URL.
MEDIA_ROOT = VAR_DIR / "media"
# Incident evidence uploads: the largest file accepted and the file types (by extension) admitted.
INCIDENT_EVIDENCE_MAX_BYTES = int(os.environ.get("CYBERINS_EVIDENCE_MAX_BYTES", str(50 * 1024 * 1024)))
INCIDENT_EVIDENCE_TYPES = os.environ.get(
    "CYBERINS_EVIDENCE_TYPES", "pdf,png,jpg,jpeg,txt,log,csv,json,xml,eml,pcap,pcapng,evtx,zip,7z,gz"
).split(",")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Tests and DEBUG serve straight from the app folders, so no collectstatic is needed there.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy, Permissions-Policy and no-store for logged-in pages and the API: see
# cyberins.web.middleware (SecurityHeadersMiddleware, ApiErrorMiddleware). Bodies above this answer 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("CYBERINS_MAX_BODY_BYTES", str(2_621_440)))
if not DEBUG and _flag("CYBERINS_HTTPS", default=False):
    # Behind TLS termination: cookies only over HTTPS, HSTS, redirect plain HTTP.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CYBERINS_LOG_LEVEL", "WARNING")},
}
