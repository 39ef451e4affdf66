"""Zgoda settings, all from the environment (see .env.example).

Secrets may be given directly (ZGODA_SECRET_KEY) or as a file path (ZGODA_SECRET_KEY_FILE).
Without DATABASE_URL Zgoda runs on SQLite in WAL mode under ZGODA_DATA_DIR.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from zgoda.lib.files import private_dir, private_file, write_private

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name, default=None):
    """A setting from the environment; NAME_FILE (a path) wins over NAME."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = env(name)
    return default if value in (None, "") else int(value)


def env_list(name, default=""):
    return [item.strip() for item in (env(name) or default).split(",") if item.strip()]


DATA_DIR = private_dir(env("ZGODA_DATA_DIR", PROJECT_DIR / "var"))  # 0700 when created

DEBUG = env_bool("ZGODA_DEBUG", False)


def _secret_key():
    key = env("ZGODA_SECRET_KEY")
    if key:
        return key
    # A first run on one machine gets a random key kept beside the database.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        try:
            write_private(key_file, secrets.token_urlsafe(50))  # 0600 from the start
        except FileExistsError:
            pass  # another process wrote it first: its key wins
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ZGODA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("ZGODA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "django_tasks",
    "django_tasks_db",
    "zgoda.sms",
    "zgoda.accounts",
    "zgoda.consent",
    "zgoda.privacy",
    "zgoda.campaigns",
    "zgoda.shop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zgoda.lib.input_bounds.RequestLimitsMiddleware",  # an overlong URL is a 414, never a 500
    "zgoda.lib.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
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
            ],
        },
    }
]

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
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _SQLITE_PATH,
            # Keep each worker's connection: opening one (and its PRAGMAs) per request
            # cost about a tenth of a code check.
            "CONN_MAX_AGE": env_int("ZGODA_SQLITE_CONN_MAX_AGE", 600),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers never
                # deadlock on a lock upgrade; WAL lets readers run beside a writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Tasks: the database queue by default; "immediate" runs tasks in-process (tests).
TASK_BACKEND = env("ZGODA_TASK_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND]
    }
}

# --- Accounts (django-allauth)
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "shop:home"
ACCOUNT_ADAPTER = "zgoda.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# A new address is proved by a code e-mailed to it before the account can log in (so before it
# can ask for any SMS); with "mandatory" allauth's enumeration prevention covers signup too.
ACCOUNT_EMAIL_VERIFICATION = env("ZGODA_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = env_bool("ZGODA_EMAIL_VERIFICATION_BY_CODE", True)
# Security e-mails for allauth's own events (password, e-mail addresses); queued as tasks by
# zgoda.accounts.adapter, which also sends Zgoda's (number changed, 2FA off, app, recovery).
ACCOUNT_EMAIL_NOTIFICATIONS = env_bool("ZGODA_SECURITY_EMAILS", True)
# Every sensitive change (2FA off, new number, e-mail addresses, authenticator app) asks for
# the password again (or an app code), valid this long; failed prompts are audited.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("ZGODA_REAUTHENTICATION_TIMEOUT", 300)
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user,30/h/user",  # password prompts (login_failed counts them too)
}
if env_bool("ZGODA_DISABLE_RATE_LIMITS"):
    # Benchmarks only: they log thousands of users in from one address.
    ACCOUNT_RATE_LIMITS = False

# --- Fallbacks of the SMS step: allauth.mfa's authenticator app (TOTP) and recovery codes,
# managed on its pages under /accounts/2fa/; at login Zgoda's own stage checks them
# (zgoda/accounts/stages.py). Secrets are encrypted with ZGODA_MFA_KEY (accounts/mfakey.py:
# generated once in ZGODA_DATA_DIR on SQLite, required with DATABASE_URL).
MFA_ADAPTER = "zgoda.accounts.mfa_adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["recovery_codes", "totp"]
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_TOTP_TOLERANCE = 1  # one 30 s step either side: a phone clock a little off still works
MFA_FORMS = {"generate_recovery_codes": "zgoda.accounts.forms.GenerateRecoveryCodesForm"}
if env("ZGODA_MFA_KEY"):
    ZGODA_MFA_KEY = env("ZGODA_MFA_KEY")

# --- Shared state: allauth's rate limits and Zgoda's alert marks live in the cache, which
# every process and machine must share, or each gunicorn worker counts on its own. A table
# in the database by default (created by `zgoda migrate`); Redis when ZGODA_CACHE_URL says
# redis://. MAX_ENTRIES is high so that no limit key is culled early.
_CACHE_URL = env("ZGODA_CACHE_URL", "") or "db://zgoda_cache"
# Entries are named by a keyed hash (zgoda/lib/cachekey.py): allauth names its limits after
# the client's address or the typed e-mail, which must not rest in clear.
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL,
        "KEY_FUNCTION": "zgoda.lib.cachekey.make_key",
    }}
elif _CACHE_URL.startswith("db://"):
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": _CACHE_URL.removeprefix("db://") or "zgoda_cache",
        "KEY_FUNCTION": "zgoda.lib.cachekey.make_key",
        "OPTIONS": {"MAX_ENTRIES": env_int("ZGODA_CACHE_MAX_ENTRIES", 200000)},
    }}
else:
    raise ValueError(f"ZGODA_CACHE_URL: use db://TABLE or redis://HOST:PORT/DB, not {_CACHE_URL!r}")
# allauth finds the client's address as Zgoda does (zgoda.lib.http.client_ip) and counts IPv6 per /64.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ZGODA_TRUSTED_PROXIES", 0)

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
STATICFILES_DIRS = [BASE_DIR / "static"]  # the site's own CSS and JS (zgoda is not an app)
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

# --- Zgoda itself (each app documents its own in app_settings.py)
ZGODA_DEV_OUTBOX = env_bool("ZGODA_DEV_OUTBOX", False)
ZGODA_ALLOW_OUTBOX_IN_PRODUCTION = env_bool("ZGODA_ALLOW_OUTBOX_IN_PRODUCTION", False)
ZGODA_SMS_PROVIDERS = env_list("ZGODA_SMS_PROVIDERS", "outbox" if ZGODA_DEV_OUTBOX else "")
ZGODA_SMS_SENDER = env("ZGODA_SMS_SENDER", "Zgoda")
ZGODA_SITE_NAME = env("ZGODA_SITE_NAME", "Sklep Zgoda")
ZGODA_ALLOWED_COUNTRIES = env_list("ZGODA_ALLOWED_COUNTRIES", "PL")

# Login codes (defaults and meaning in zgoda/accounts/app_settings.py)
ZGODA_OTP_LENGTH = env_int("ZGODA_OTP_LENGTH", 6)
ZGODA_OTP_TTL_SECONDS = env_int("ZGODA_OTP_TTL_SECONDS", 300)
ZGODA_OTP_RESEND_COOLDOWN_SECONDS = env_int("ZGODA_OTP_RESEND_COOLDOWN_SECONDS", 30)
ZGODA_OTP_MAX_PER_LOGIN = env_int("ZGODA_OTP_MAX_PER_LOGIN", 5)
ZGODA_OTP_MAX_PER_USER_PER_DAY = env_int("ZGODA_OTP_MAX_PER_USER_PER_DAY", 10)
ZGODA_OTP_MAX_WRONG_PER_CODE = env_int("ZGODA_OTP_MAX_WRONG_PER_CODE", 5)
ZGODA_OTP_MAX_WRONG_PER_LOGIN = env_int("ZGODA_OTP_MAX_WRONG_PER_LOGIN", 10)
ZGODA_SMS_LIMITS_PER_NUMBER = [
    (env_int("ZGODA_SMS_PER_NUMBER_5MIN", 3), 300),
    (env_int("ZGODA_SMS_PER_NUMBER_DAY", 10), 86400),
]
ZGODA_SMS_LIMITS_PER_IP = [(env_int("ZGODA_SMS_PER_IP_HOUR", 20), 3600)]
# The one limits policy's newer limits (defaults and meaning in zgoda/accounts/app_settings.py
# and zgoda/sms/app_settings.py; docs/operations.md "Limits"): only what is set.
for _name in (
    "ZGODA_SMS_PER_NUMBER_OTHERS_5MIN", "ZGODA_SMS_PER_NUMBER_OTHERS_DAY", "ZGODA_OTP_NEW_NUMBERS_PER_DAY",
    "ZGODA_SMS_CODES_PER_HOUR", "ZGODA_OTP_RECENT_LOGIN_DAYS", "ZGODA_OTP_MAX_CONSECUTIVE_FAILURES",
    "ZGODA_SMS_DAILY_SPEND_CAP", "ZGODA_SMS_OTP_RESERVED_SHARE",
):
    if env(_name) is not None:
        globals()[_name] = env(_name)

# --- SMS providers (zgoda/sms/app_settings.py explains each; docs/operations.md has a
# configuration for every provider). Options of provider NAME come from the variables
# ZGODA_SMS_<NAME>_<OPTION> (each also as ..._FILE), e.g. ZGODA_SMS_KANNEL_URL.
from zgoda.sms.config import provider_options_from_env  # noqa: E402

ZGODA_SMS_PROVIDER_OPTIONS = provider_options_from_env(ZGODA_SMS_PROVIDERS, os.environ)
ZGODA_SMS_CALLBACK_BASE_URL = env("ZGODA_SMS_CALLBACK_BASE_URL", "")
ZGODA_SMS_CURRENCY = env("ZGODA_SMS_CURRENCY", "PLN")
ZGODA_SMS_OTP_DAILY_SPEND_CAP = env("ZGODA_SMS_OTP_DAILY_SPEND_CAP", "50")
ZGODA_SMS_RETRY_ATTEMPTS = env_int("ZGODA_SMS_RETRY_ATTEMPTS", 3)
ZGODA_SMS_RETRY_BASE_SECONDS = float(env("ZGODA_SMS_RETRY_BASE_SECONDS", "2"))
ZGODA_SMS_RETRY_MAX_SECONDS = float(env("ZGODA_SMS_RETRY_MAX_SECONDS", "300"))
ZGODA_SMS_MAX_ATTEMPTS = env_int("ZGODA_SMS_MAX_ATTEMPTS", 10)
ZGODA_SMS_UNCERTAIN_RETRY_SECONDS = float(env("ZGODA_SMS_UNCERTAIN_RETRY_SECONDS", "15"))
ZGODA_SMS_FAILOVER_KINDS = env_list("ZGODA_SMS_FAILOVER_KINDS", "otp,service")
ZGODA_SMS_BREAKER_FAILURES = env_int("ZGODA_SMS_BREAKER_FAILURES", 5)
ZGODA_SMS_BREAKER_SECONDS = float(env("ZGODA_SMS_BREAKER_SECONDS", "60"))
ZGODA_SMS_MAX_AGE_SECONDS = {
    "otp": ZGODA_OTP_TTL_SECONDS,
    "service": env_int("ZGODA_SMS_SERVICE_MAX_AGE_SECONDS", 3600),
    "marketing": env_int("ZGODA_SMS_MARKETING_MAX_AGE_SECONDS", 86400),
}
# --- end of SMS providers
ZGODA_TRUSTED_DEVICE_DAYS = env_int("ZGODA_TRUSTED_DEVICE_DAYS", 60)
if env("ZGODA_OTP_TEMPLATE"):
    ZGODA_OTP_TEMPLATE = env("ZGODA_OTP_TEMPLATE")

# --- Consent (defaults and meaning in zgoda/consent/app_settings.py)
ZGODA_ENROLLMENT_FORM = "zgoda.consent.forms.ConsentEnrollmentForm"
ACCOUNT_FORMS = {"signup": "zgoda.consent.forms.ConsentSignupForm"}
ZGODA_EXTRA_LOGIN_STAGES = ["zgoda.consent.stages.ReconsentStage"]
if env("ZGODA_PUBLIC_URL"):  # default in zgoda/lib/site.py
    ZGODA_PUBLIC_URL = env("ZGODA_PUBLIC_URL")
ZGODA_2FA_INVITATION_INTERVAL_DAYS = env_int("ZGODA_2FA_INVITATION_INTERVAL_DAYS", 30)
ZGODA_2FA_INVITATION_REPORT_DAYS = env_int("ZGODA_2FA_INVITATION_REPORT_DAYS", 30)
if env("ZGODA_MARKETING_RECONFIRM_MONTHS") is not None:  # set but empty: re-confirmation off
    ZGODA_MARKETING_RECONFIRM_MONTHS = env("ZGODA_MARKETING_RECONFIRM_MONTHS")
for _name in ("ZGODA_CONTROLLER_NAME", "ZGODA_CONTROLLER_ADDRESS", "ZGODA_CONTROLLER_EMAIL", "ZGODA_DEMO"):
    if env(_name):  # only what is set: defaults in zgoda/consent/app_settings.py
        globals()[_name] = env(_name)

# --- Privacy (defaults and meaning in zgoda/privacy/app_settings.py): only what is set
for _name in (
    "ZGODA_SHORT_BASE_URL", "ZGODA_PRIVACY_SESSION_MINUTES",
    "ZGODA_PRIVACY_DEADLINE_WARNING_DAYS", "ZGODA_PRIVACY_STOP_REPLY", "ZGODA_PRIVACY_ACCOUNT_LINK_HOURS",
    "ZGODA_PRIVACY_ACCOUNT_LINK_RESEND_MINUTES",
):
    if env(_name):
        globals()[_name] = env(_name)

# --- Retention, applied by `zgoda purge` and the task worker (defaults and meaning in each
# app's app_settings.py): only what is set
for _name in (
    "ZGODA_RETENTION_CODES_DAYS", "ZGODA_RETENTION_AUDIT_DETAILS_DAYS", "ZGODA_RETENTION_DEVICES_DAYS",
    "ZGODA_RETENTION_MARKETING_SMS_DAYS", "ZGODA_RETENTION_TASK_RESULTS_DAYS", "ZGODA_RETENTION_LEDGER_YEARS",
    "ZGODA_RETENTION_CAMPAIGN_NUMBERS_DAYS", "ZGODA_RETENTION_OPTOUT_NUMBERS_DAYS", "ZGODA_PURGE_INTERVAL_HOURS",
):
    if env(_name):
        globals()[_name] = env(_name)

# --- Identifier hashes and the erasure journal (defaults and meaning in zgoda/lib/hashkey.py
# and zgoda/lib/journal.py): only what is set. ZGODA_HASH_KEY_FILE works as for every secret.
for _name in ("ZGODA_HASH_KEY", "ZGODA_ERASURE_JOURNAL"):
    if env(_name):
        globals()[_name] = env(_name)

# --- Campaigns (defaults and meaning in zgoda/campaigns/app_settings.py)
if env("ZGODA_CAMPAIGN_FOOTER"):  # default in zgoda/campaigns/app_settings.py
    ZGODA_CAMPAIGN_FOOTER = env("ZGODA_CAMPAIGN_FOOTER")
ZGODA_CAMPAIGN_RATE = env("ZGODA_CAMPAIGN_RATE", "50")
ZGODA_CAMPAIGN_QUIET_HOURS = env("ZGODA_CAMPAIGN_QUIET_HOURS", "20:00-09:00")
ZGODA_CAMPAIGN_QUIET_DAYS = env("ZGODA_CAMPAIGN_QUIET_DAYS", "sun")
ZGODA_CAMPAIGN_TIME_ZONE = env("ZGODA_CAMPAIGN_TIME_ZONE", "Europe/Warsaw")
ZGODA_CAMPAIGN_BATCH = env_int("ZGODA_CAMPAIGN_BATCH", 2000)
ZGODA_CAMPAIGN_CHUNK = env_int("ZGODA_CAMPAIGN_CHUNK", 50)
ZGODA_CAMPAIGN_LEASE_SECONDS = env_int("ZGODA_CAMPAIGN_LEASE_SECONDS", 120)
ZGODA_CAMPAIGN_CONVERSION_SECRET = env("ZGODA_CAMPAIGN_CONVERSION_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("ZGODA_LOG_LEVEL", "WARNING")},
}
