"""Zgoda settings, all from the environment (see .env.example).

Secrets may be given directly (ZGODA_SECRET_KEY) or as a file path (ZGODA_SECRET_KEY_FILE).
Without DATABASE_URL Zgoda runs on SQLite in WAL mode under ZGODA_DATA_DIR.

This module holds Django's own settings; accounts.py the login's (allauth, its fallbacks,
the shared cache behind its limits); own_apps.py what Zgoda's apps read (each app states
its defaults in its app_settings.py).
"""

import importlib.util
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from zgoda.lib.files import create_once, private_dir, private_file

from .env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

DATA_DIR = private_dir(env("ZGODA_DATA_DIR", PROJECT_DIR / "var"))  # 0700 when created

DEBUG = env_bool("ZGODA_DEBUG", False)


def _secret_key():
    key = env("ZGODA_SECRET_KEY")
    if key:
        return key
    # A first run on one machine gets a random key kept beside the database.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        create_once(key_file, secrets.token_urlsafe(50))  # another process's, if first, wins
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ZGODA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("ZGODA_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "zgoda.lib.csrf_failure.csrf_failure"  # says what to do, in the person's language

INSTALLED_APPS = [
    "zgoda.admin_site.apps.ZgodaAdminConfig",  # Django's admin with the owner's panel as its site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's sessions page shows "5 minutes ago"
    "allauth",
    "allauth.account",
    "allauth.usersessions",  # the "sessions" page: see and end the account's sessions
    "allauth.mfa",  # authenticator app and recovery codes: fallbacks of the SMS step (accounts)
    "allauth.idp.oidc",  # Zgoda as an OpenID Connect provider (zgoda.identity)
    "django_tasks",
    "zgoda.worker",  # its db_worker command (one-statement claims) before django_tasks_db's
    "django_tasks_db",
    "zgoda.sms",
    "zgoda.accounts",
    "zgoda.consent",
    "zgoda.privacy",
    "zgoda.campaigns",
    "zgoda.shop",
    "zgoda.identity",
    "zgoda.webhooks",
    "zgoda.restapi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zgoda.lib.input_bounds.RequestLimitsMiddleware",  # an overlong URL is a 414, never a 500
    "zgoda.lib.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zgoda.accounts.sessions.RequestSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "zgoda.accounts.middleware.PendingLoginMiddleware",
    "zgoda.accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "zgoda.urls"
WSGI_APPLICATION = "zgoda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zgoda.shop.context_processors.site",
                "zgoda.lib.csrf_token.csrf",  # replaces the built-in processor's csrf_token
            ],
            "builtins": ["zgoda.lib.template_urls", "zgoda.lib.template_languages", "zgoda.lib.template_extends"],
            # {{ amount|money:currency }}, {{ moment|when }} on every app's pages; Django's i18n, faster
            "libraries": {"money": "zgoda.lib.money", "dates": "zgoda.lib.dates", "i18n": "zgoda.lib.template_i18n"},
        },
    }
]
# Django warns (templates.W003) when a library name is given twice: "i18n" above replaces its own on purpose.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

# --- Database: SQLite (WAL) by default, anything dj-database-url reads otherwise.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    _SQLITE_PATH = env("ZGODA_SQLITE_PATH", str(DATA_DIR / "zgoda.sqlite3"))
    if not _SQLITE_PATH.startswith((":", "file:")):
        private_file(_SQLITE_PATH)  # 0600 before SQLite opens it; its -wal and -shm get the same mode
    DATABASES = {
        "default": {
            "ENGINE": "zgoda.lib.sqlite",  # Django's, waiting for the write lock in short steps
            "NAME": _SQLITE_PATH,
            # Keep each worker's connection: opening one (and its PRAGMAs) per request
            # cost about a tenth of a code check.
            "CONN_MAX_AGE": env_int("ZGODA_SQLITE_CONN_MAX_AGE", 600),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers never
                # deadlock on a lock upgrade; WAL lets readers run beside a writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,  # the longest wait for the write lock (lib/sqlite waits it out)
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Tasks: the database queue by default; "immediate" runs tasks in-process (tests).
TASK_BACKEND = env("ZGODA_TASK_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "zgoda.worker.backend.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND]
    }
}

# --- Mail: console in development, SMTP when ZGODA_EMAIL_HOST is set.
EMAIL_HOST = env("ZGODA_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("ZGODA_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("ZGODA_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env("ZGODA_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("ZGODA_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = private_dir(DATA_DIR / "mail")  # 0700: the mails in it are Zgoda's user's alone
DEFAULT_FROM_EMAIL = env("ZGODA_FROM_EMAIL", "Zgoda <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Staff", a) for a in env_list("ZGODA_STAFF_EMAILS")]

# --- Languages: Polish first, English on request.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("ZGODA_TIME_ZONE", "Europe/Warsaw")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",  # the site's own CSS and JS (zgoda is not an app)
    # Swagger UI for /api/v1/docs from django-ninja's own files (the CSP allows no CDN). Not
    # an installed app: importing ninja (and pydantic) on every start costs ~0.15 s of CPU.
    ("ninja", Path(importlib.util.find_spec("ninja").submodule_search_locations[0]) / "static" / "ninja"),
]
WHITENOISE_ROOT = BASE_DIR / "static" / "root"  # served at the site's root: /favicon.ico
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("ZGODA_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security baseline
HTTPS = env_bool("ZGODA_HTTPS", False)
# Sessions stay in the database (not signed cookies: a pending login must not be replayable),
# with fewer statements per write than Django's backend (zgoda/lib/dbsessions.py).
SESSION_ENGINE = "zgoda.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of Zgoda append to X-Forwarded-For (0: use REMOTE_ADDR).
ZGODA_TRUSTED_PROXIES = env_int("ZGODA_TRUSTED_PROXIES", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("ZGODA_LOG_LEVEL", "WARNING")},
}

from .accounts import *  # noqa: E402,F403
from .own_apps import *  # noqa: E402,F403
