"""Settings for Gongkai.

Everything that differs between the embedded default and production comes from the
environment: ``DATABASE_URL``, ``SECRET_KEY``, ``CELERY_BROKER_URL``, ``EMAIL_URL``-style
settings, ``ALLOWED_HOSTS``. With nothing set, Gongkai runs on SQLite with no broker.
"""

import os
from pathlib import Path

import dj_database_url

from gongkai.core.installation import secret_key_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# Production is declared, never guessed: GONGKAI_ENV=production (README, "Production").
GONGKAI_ENV = os.environ.get("GONGKAI_ENV", "development").strip().lower()
PRODUCTION = GONGKAI_ENV == "production"
# Production refuses to start without SECRET_KEY; elsewhere each installation generates its
# own key once, under VAR_DIR (file mode 0600), and reuses it.
SECRET_KEY = secret_key_from_environment(environ=os.environ, production=PRODUCTION, var_dir=VAR_DIR)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gongkai.core",
    "gongkai.audit",
    "gongkai.orgs",
    "gongkai.rules",
    "gongkai.workflow",
    "gongkai.notifications",
    "gongkai.foi",
    "gongkai.search",
    "gongkai.catalog",
    "gongkai.opinion",
    "gongkai.press",
    "gongkai.policy",
    "gongkai.interaction",
    "gongkai.websites",
    "gongkai.annual",
    "gongkai.oversight",
    "gongkai.backoffice",
    "gongkai.portal",
    "gongkai.api",
    # django-ninja's own templates and static files: the API docs load Swagger UI from /static/,
    # not from a CDN (the Content-Security-Policy allows only 'self').
    "ninja",
]

MIDDLEWARE = [
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.core.middleware.ProductLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.orgs.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gongkai.core.context_processors.site",
                "gongkai.backoffice.context_processors.backoffice",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE avoids lock upgrades failing
    # mid-transaction under concurrent writes (see docs/adr/0002-database.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    # One persistent connection per server thread, as for PostgreSQL: opening a SQLite connection
    # costs ~5 ms (schema parse, PRAGMAs), more than a cached search page (issue 17,
    # bench/search_load.py); DB_CONN_MAX_AGE=0 opens one per request.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    # A file, not memory, so that a real Celery worker or a second process can open the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_gongkai.sqlite3")}

# --- Cache (issue 17) -----------------------------------------------------------------
# Local memory per process by default (the embedded set-up); Redis, shared by every web
# process, when REDIS_URL or CACHE_URL is set (e.g. redis://127.0.0.1:6379/1).
_CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
if _CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}}
# PostgreSQL read replica for public reads (gongkai/core/db_router.py): anonymous GETs of these
# read-only paths read from the replica; everything else uses default.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["gongkai.core.db_router.PublicReadRouter"]
    MIDDLEWARE.append("gongkai.core.db_router.PublicReadMiddleware")
REPLICA_READ_PATHS = ["/catalog/", "/search", "/feeds/", "/sitemap", "/api/v1/catalog/"]
# Public search results cached under the index version of their kinds (gongkai/search/cache.py); 0 = off.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "600"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "orgs:login"
LOGIN_REDIRECT_URL = "backoffice:home"
# Paths where staff who must use a second factor are sent to enrol or verify it first
# (gongkai.orgs.middleware): the back office, the admin and the API. Named here, where the URLs
# are composed, so that orgs does not name the edges' URLs (docs/architecture.md).
SECOND_FACTOR_PATH_PREFIXES = ("/office/", "/admin/", "/api/v1/")
# Paths that answer in the API's JSON error shape rather than with a page or a redirect.
JSON_PATH_PREFIXES = ("/api/",)
# Paths whose every answer is personal or staff-only (back office, sign-in, admin, and the public
# FOI application and status pages, which show an applicant's own case): Cache-Control: no-store
# (gongkai.core.middleware).
NO_STORE_PATH_PREFIXES = ("/office/", "/account/", "/admin/", "/apply/")
LOGOUT_REDIRECT_URL = "orgs:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # Load balancers probe health over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^api/v1/health$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
# No inline script or style anywhere (tests/security/test_templates.py keeps it so); data: for
# the QR code of the second-factor enrolment and Swagger UI's icons.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Longer request targets get a Chinese 414 page (gongkai/core/middleware.py); `manage.py serve`
# lets gunicorn read request lines up to its maximum, 8190 bytes, so Django sees them first.
MAX_URI_LENGTH = int(os.environ.get("MAX_URI_LENGTH", "4096"))
# Paths whose refusals before routing (414) answer in the API's JSON error shape, not a page.
JSON_ERROR_PATH_PREFIXES = ("/api/",)
# Reverse proxies in front of gunicorn that append the client to X-Forwarded-For
# (gongkai/core/http.py client_address); 0 = clients connect directly.
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
CSRF_FAILURE_VIEW = "gongkai.core.views.csrf_failure"

# Sign-in throttle per (user name, client address) with exponential back-off (security
# settings, not statutory numbers): after THRESHOLD failures the pair waits BACKOFF seconds,
# doubling with each further failure up to BACKOFF_MAX. Strangers cannot lock an account.
LOGIN_THROTTLE_THRESHOLD = int(os.environ.get("LOGIN_THROTTLE_THRESHOLD", "5"))
LOGIN_THROTTLE_BACKOFF_SECONDS = int(os.environ.get("LOGIN_THROTTLE_BACKOFF_SECONDS", "30"))
LOGIN_THROTTLE_BACKOFF_MAX_SECONDS = int(os.environ.get("LOGIN_THROTTLE_BACKOFF_MAX_SECONDS", "3600"))
# Wrong second-factor codes (the password was right) lock the account itself.
LOGIN_LOCKOUT_THRESHOLD = int(os.environ.get("LOGIN_LOCKOUT_THRESHOLD", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
OTP_TOTP_ISSUER = "Gongkai 公开"
# Organisation import (gongkai/orgs/importer.py): caps on data rows and file size.
ORG_IMPORT_MAX_ROWS = int(os.environ.get("ORG_IMPORT_MAX_ROWS", "5000"))
ORG_IMPORT_MAX_BYTES = int(os.environ.get("ORG_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# Catalogue (gongkai/catalog/forms.py, importer.py): Word upload cap; bulk import caps.
CATALOG_DOCX_MAX_BYTES = int(os.environ.get("CATALOG_DOCX_MAX_BYTES", str(20 * 1024 * 1024)))
CATALOG_IMPORT_MAX_ROWS = int(os.environ.get("CATALOG_IMPORT_MAX_ROWS", "2000"))
CATALOG_IMPORT_MAX_BYTES = int(os.environ.get("CATALOG_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))

# --- Internationalisation ------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
# ECharts from the npm registry (make setup installs it into the git-ignored node_modules/).
if (BASE_DIR / "node_modules" / "echarts" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or str(VAR_DIR / "outbox-mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
# SMS gateway (gongkai/notifications/sms.py): a dotted backend class; by default one file per
# message under VAR_DIR/outbox-sms.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "gongkai.notifications.sms.FileBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH") or str(VAR_DIR / "outbox-sms")

# --- Disclosure on application: security limits (not statutory numbers) ---------------------
# Online submissions accepted per client address and per identity (identity number, e-mail,
# phone) within the window (gongkai/foi/services.py, application_submit_online).
FOI_SUBMIT_WINDOW_MINUTES = int(os.environ.get("FOI_SUBMIT_WINDOW_MINUTES", "60"))
FOI_SUBMIT_MAX_PER_ADDRESS = int(os.environ.get("FOI_SUBMIT_MAX_PER_ADDRESS", "5"))
FOI_SUBMIT_MAX_PER_IDENTITY = int(os.environ.get("FOI_SUBMIT_MAX_PER_IDENTITY", "3"))
# Status queries: failed attempts per address, and per (query number, address), in the window.
FOI_QUERY_WINDOW_MINUTES = int(os.environ.get("FOI_QUERY_WINDOW_MINUTES", "15"))
FOI_QUERY_MAX_FAILURES_PER_IP = int(os.environ.get("FOI_QUERY_MAX_FAILURES_PER_IP", "10"))
FOI_QUERY_MAX_FAILURES_PER_NUMBER = int(os.environ.get("FOI_QUERY_MAX_FAILURES_PER_NUMBER", "5"))
# Query-code recovery: requests per address in the query window, per application per day, and
# how long a recovered code stays valid.
FOI_RECOVER_MAX_PER_IP = int(os.environ.get("FOI_RECOVER_MAX_PER_IP", "5"))
FOI_RECOVER_MAX_PER_APPLICATION_PER_DAY = int(os.environ.get("FOI_RECOVER_MAX_PER_APPLICATION_PER_DAY", "3"))
FOI_RECOVER_VALID_HOURS = int(os.environ.get("FOI_RECOVER_VALID_HOURS", "72"))

# --- Background work ------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
# No broker: run tasks in the calling process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Celery's Django fix-up closes the database connections every 2 × N tasks; config/celery.py closes
# them around each task only when CONN_MAX_AGE or an error says so. 0: close around every task.
CELERY_DB_REUSE_MAX = int(os.environ.get("CELERY_DB_REUSE_MAX", "1000"))
# Periodic jobs: Celery beat in production; `manage.py serve` runs the same table in-process.
PERIODIC_JOBS = {
    "deadline-sweep": {"task": "gongkai.rules.tasks.sweep_deadlines", "seconds": 300},
    "notification-dispatch": {"task": "gongkai.notifications.tasks.dispatch_outbox", "seconds": 60},
    "consultation-sweep": {"task": "gongkai.catalog.tasks.sweep_consultations", "seconds": 3600},
    "foi-sweep": {"task": "gongkai.foi.tasks.sweep_applications", "seconds": 300},
    "interaction-sweep": {"task": "gongkai.interaction.tasks.sweep_letters", "seconds": 600},
    "opinion-response-sweep": {"task": "gongkai.opinion.response.tasks.sweep_responses", "seconds": 60},
    "opinion-webhook-dispatch": {"task": "gongkai.opinion.response.tasks.dispatch_webhooks", "seconds": 60},
    "opinion-feeds": {"task": "gongkai.opinion.tasks.poll_feeds", "seconds": 60},
    # Update-gap and daily 60 % checks of the registered accounts (gongkai/websites/checks.py).
    "websites-checks": {"task": "gongkai.websites.tasks.daily_checks", "seconds": 86400},
    # Signed checkpoints of the audit chain's head (gongkai/audit/checkpoints.py): the period
    # is the window in which deleting the newest audit rows could go unnoticed.
    "audit-checkpoint": {"task": "gongkai.audit.tasks.write_checkpoint", "seconds": 600},
    # Sign-in throttle records older than a day are forgotten (gongkai/orgs/auth_services.py).
    "sign-in-throttle-purge": {"task": "gongkai.orgs.tasks.purge_sign_in_throttles", "seconds": 3600},
    # Units behind on their quarterly press duties are reminded before the quarter ends (gongkai/press).
    "press-reminders": {"task": "gongkai.press.tasks.quarter_reminders", "seconds": 86400},
    # Annual reports: last year's report and due-date clock for every unit, reminders (gongkai/annual).
    "annual-sweep": {"task": "gongkai.annual.tasks.annual_sweep", "seconds": 86400},
    # Consultations on policy drafts end after their last day (gongkai/policy).
    "policy-consultation-sweep": {"task": "gongkai.policy.tasks.sweep_consultations", "seconds": 3600},
}
# Where the audit checkpoints are also written outside the database, and their signing key
# (derived from SECRET_KEY when not set). See docs/permissions.md, "Audit log".
AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE") or str(VAR_DIR / "audit" / "checkpoints.jsonl")
AUDIT_CHECKPOINT_KEY = os.environ.get("AUDIT_CHECKPOINT_KEY", "")
CELERY_BEAT_SCHEDULE = {
    name: {"task": job["task"], "schedule": float(job["seconds"])} for name, job in PERIODIC_JOBS.items()
}

# Key for personal data encrypted at rest (SM4). Required in production.
GONGKAI_DATA_KEY = os.environ.get("GONGKAI_DATA_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Demo content loaded by `manage.py load_demo` (and `make run`), in this order.
DEMO_LOADERS = [
    "gongkai.orgs.demo.load_demo",
    "gongkai.catalog.demo.load_demo_items",
    "gongkai.opinion.demo.load_demo_opinion",
    "gongkai.interaction.demo.load_demo_interaction",
    "gongkai.websites.demo.load_demo_websites",
    "gongkai.press.demo.load_demo_press",
    "gongkai.annual.demo.load_demo_annual",
    "gongkai.oversight.demo.load_demo_oversight",
    "gongkai.policy.demo.load_demo_policy",
]
CATALOG_ATTACHMENT_MAX_BYTES = int(os.environ.get("CATALOG_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# Media of press conferences (gongkai/press/media.py): per kind, the accepted extensions and the
# largest file in bytes (the first bytes must match the extension).
PRESS_MEDIA_LIMITS = {
    "video": {
        "extensions": ["mp4", "webm"],
        "max_bytes": int(os.environ.get("PRESS_VIDEO_MAX_BYTES", str(500 * 1024 * 1024))),
    },
    "audio": {"extensions": ["mp3", "m4a", "ogg", "wav"], "max_bytes": 100 * 1024 * 1024},
    "photo": {"extensions": ["jpg", "jpeg", "png", "webp"], "max_bytes": 10 * 1024 * 1024},
    "material": {"extensions": ["pdf", "docx", "xlsx", "txt"], "max_bytes": 20 * 1024 * 1024},
}
