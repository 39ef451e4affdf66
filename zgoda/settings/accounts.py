"""The login's settings: django-allauth, its authenticator app and recovery codes (the SMS
step's fallbacks), and the shared cache behind its rate limits."""

from .env import env, env_bool, env_int, pass_through

# --- Accounts (django-allauth)
AUTHENTICATION_BACKENDS = [
    # First: every login is by e-mail, which Django's ModelBackend (usernames; the admin's
    # permissions) never answers, so it is not asked (nor its signature inspected) at each login.
    "zgoda.accounts.backends.EmailAuthenticationBackend",  # allauth's, reading e-mail addresses once
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "shop:home"
ACCOUNT_ADAPTER = "zgoda.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_DISPLAY = "zgoda.accounts.adapter.user_display"  # messages name a person by e-mail
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
# Passwords tried at login and at password prompts are Zgoda's own limits (accounts
# app_settings.password_limits); allauth's "login_failed" is left for codes from an
# authenticator app and recovery codes (accounts/internal/flows/factors.py, allauth.mfa).
ACCOUNT_RATE_LIMITS = {
    "login": "",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user,30/h/user",  # password prompts (the password limits count them too)
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
pass_through(["ZGODA_MFA_KEY"], globals())

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
        # Django's table and semantics, one upsert per write (zgoda/lib/dbcache.py).
        "BACKEND": "zgoda.lib.dbcache.LeanDatabaseCache",
        "LOCATION": _CACHE_URL.removeprefix("db://") or "zgoda_cache",
        "KEY_FUNCTION": "zgoda.lib.cachekey.make_key",
        "OPTIONS": {"MAX_ENTRIES": env_int("ZGODA_CACHE_MAX_ENTRIES", 200000)},
    }}
else:
    raise ValueError(f"ZGODA_CACHE_URL: use db://TABLE or redis://HOST:PORT/DB, not {_CACHE_URL!r}")
# allauth finds the client's address as Zgoda does (zgoda.lib.http.client_ip) and counts IPv6 per /64.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ZGODA_TRUSTED_PROXIES", 0)

# --- Zgoda as an OpenID Connect provider (allauth.idp.oidc; Zgoda's side in zgoda/identity/):
# shops log their customers in with Zgoda. The issuer is ZGODA_PUBLIC_URL, never the request's
# Host; ID tokens are signed with ZGODA_OIDC_PRIVATE_KEY (PEM RSA; generated once in
# ZGODA_DATA_DIR on SQLite, required with DATABASE_URL: zgoda/identity/internal/keys.py).
IDP_OIDC_ADAPTER = "zgoda.identity.adapter.ZgodaOIDCAdapter"
IDP_OIDC_ID_TOKEN_EXPIRES_IN = env_int("ZGODA_OIDC_ID_TOKEN_SECONDS", 300)
IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN = env_int("ZGODA_OIDC_ACCESS_TOKEN_SECONDS", 3600)
# A refresh token lapses after 30 days unused (each refresh rotates it: a new one, a new 30
# days); the retention purge (identity/personal_data.py) then deletes it.
IDP_OIDC_REFRESH_TOKEN_EXPIRES_IN = env_int("ZGODA_OIDC_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600)
# The logout endpoint asks "log out of Zgoda too?" (RP-initiated logout's SHOULD).
IDP_OIDC_RP_INITIATED_LOGOUT_ASKS_FOR_OP_LOGOUT = True
pass_through(["ZGODA_OIDC_PRIVATE_KEY"], globals())
