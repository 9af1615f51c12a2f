"""Settings shared by every environment; everything deployment-specific comes from the environment.

django-environ's typed readers fail loudly on malformed values (a bad DATABASE_URL or a
non-boolean DEBUG stops start-up instead of silently falling back).
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdef")
DEBUG = env.bool("DEBUG", default=False)
# How many reverse proxies of ours stand in front of the app (nginx: 1). Only then is the
# client address taken from X-Forwarded-For (the entry the outermost of them appended);
# with 0 it is REMOTE_ADDR, and the header, which any client can send, is ignored.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "logbuch.core",
    "logbuch.towns",
    "logbuch.logbook",
    "logbuch.fund",
    "logbuch.desk",
    "logbuch.services",
    # After the apps: core's widget templates (templates/django/forms/) come first.
    "django.forms",
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "logbuch.core.middleware.NoStoreForSignedInMiddleware",
    "logbuch.towns.middleware.TownMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "logbuch.towns.context_processors.town",
            ],
            "builtins": ["django.templatetags.i18n", "logbuch.core.templatetags.kern"],
        },
    }
]
FORM_RENDERER = "logbuch.core.forms.KernFormRenderer"

# Databases: SQLite is the embedded default for a first run; PostgreSQL in production and CI.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE serialises writers: select_for_update() is a no-op on SQLite, so a write
    # transaction takes the database lock at BEGIN instead of failing later on upgrade.
    # WAL with synchronous=NORMAL, SQLite's recommended pair for WAL: a commit no longer waits
    # for its own fsync (the WAL is synced at each checkpoint), so the writers' lock is held
    # for the statements alone. The database stays consistent after any crash; only an
    # operating-system crash or power loss may roll back the last commits. PostgreSQL is
    # the production database.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # Select boxes iterate their choices with .iterator(); on PostgreSQL that means a server-side
    # cursor (DECLARE/FETCH/CLOSE round trips) for a few dozen rows. Plain queries are cheaper,
    # and this also keeps the app safe behind a transaction-pooling connection pooler.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # The planner's cost of a random page read, for storage where it costs about as much as a
    # sequential one (SSD, or a database that fits in memory; PostgreSQL's default of 4 is for
    # spinning disks). With 4 it read all 107,000 sign-ups of the bench to count the taken seats
    # of 1,200 shifts (18 ms) instead of looking them up on the shift index (3 ms). Set per
    # connection, so a server tuned otherwise is not touched; PG_RANDOM_PAGE_COST overrides it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}"
    )
# Connections stay open between requests: reopening costs ~2 ms a request on SQLite (bench/).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "towns.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend whose get_user reads the person with their memberships and towns at once.
    "logbuch.towns.backends.MemberBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after_login"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling. django-axes locks a client address for 15 minutes after 20 failures (for
# any accounts, so spraying one password over many is stopped too; 20 leaves room for an
# office whose people share one address). The address is the one the proxy
# reports (NUM_PROXIES below, logbuch.core.clientip). Each account is slowed down, never
# locked, by logbuch.towns.throttle, so nobody can lock another person out. A successful login
# does not reset the address's count: signing in to one's own account between guesses would.
AXES_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "logbuch.towns.throttle.axes_username"
AXES_CLIENT_IP_CALLABLE = "logbuch.core.clientip.client_ip"
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # no record of successful logins: collect the minimum
AXES_LOCKOUT_CALLABLE = "logbuch.towns.views.account.login_locked_out"
AXES_VERBOSE = False

LANGUAGE_CODE = "de"
# German date and time input in the English interface too (config/formats/en).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language choice is read only by the server; no script needs the cookie.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [("vendor", BASE_DIR / "static_vendor")]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Uploads live outside the web root and are served only through permission-checked views.
        "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True


def mailers_from_email_url(config: dict[str, Any]) -> dict[str, Any]:
    """Django 6.1's MAILERS from an EMAIL_URL (e.g. smtp+tls://user:pass@host:587)."""
    backend = config["EMAIL_BACKEND"]
    options: dict[str, Any] = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": config["EMAIL_HOST"],
            "port": config["EMAIL_PORT"],
            "username": config["EMAIL_HOST_USER"] or "",
            "password": config["EMAIL_HOST_PASSWORD"] or "",
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            "timeout": env.int("EMAIL_TIMEOUT", default=20),
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_from_email_url(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Logbuch <logbuch@localhost>")
# Absolute links in emails sent outside a request (reminders, digests); no trailing slash.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The shared cache: Redis when REDIS_URL is set (production, CI), else the database, so that
# every app server and worker process of a first run shares it too. Sessions are Django's
# `cached_db` engine on it (towns.sessions): read from the cache, written to both.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="logbuch"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "logbuch_cache"}
    ),
    # Per app server: pages for visitors without a session (core.caching) and layout
    # fragments whose keys hold every input, so no node can serve another's stale data for
    # longer than the timeout. In this process's memory on purpose: in Redis they were slower
    # than rendering (docs/benchmarks.md).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "logbuch-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
VISITOR_PAGE_SECONDS = env.int("VISITOR_PAGE_SECONDS", default=60)
# Django's cached_db sessions with the person's id beside the data (a person's sessions end
# with their account); any number of app servers behind a load balancer share them.
SESSION_ENGINE = "logbuch.towns.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content Security Policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "logbuch.core.views.csrf_failure"

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    # A database outage is one WARNING line per outage, not a traceback per request.
    "filters": {"database_outage": {"()": "logbuch.core.outage.DatabaseOutageFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler (DEBUG only) would print every django.* line a second
        # time, as the record also reaches the root's handler: one handler, at the root.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.request": {"filters": ["database_outage"]},
    },
}

# Where the glossary page reads its terms from (one term per concept: the Ockham rule).
GLOSSARY_FILE = BASE_DIR / "docs" / "glossary.md"
