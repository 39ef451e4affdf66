"""What Zgoda's own apps read from the environment (their meaning and defaults: each app's
app_settings.py; docs/operations.md explains the SMS providers)."""

import os

from .env import env, env_bool, env_int, env_list, pass_through

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
pass_through([
    "ZGODA_SMS_PER_NUMBER_OTHERS_5MIN", "ZGODA_SMS_PER_NUMBER_OTHERS_DAY", "ZGODA_OTP_NEW_NUMBERS_PER_DAY",
    "ZGODA_SMS_CODES_PER_HOUR", "ZGODA_OTP_RECENT_LOGIN_DAYS", "ZGODA_OTP_MAX_CONSECUTIVE_FAILURES",
    "ZGODA_SMS_DAILY_SPEND_CAP", "ZGODA_SMS_OTP_RESERVED_SHARE",
], globals(), keep_empty=True)
pass_through(["ZGODA_LOGIN_TRIES_PER_IP_MINUTE", "ZGODA_LOGIN_WRONG_PER_IP_MINUTE", "ZGODA_LOGIN_WRONG_PER_LOGIN_5MIN"], globals())
pass_through(["ZGODA_API_CODES_PER_KEY_HOUR", "ZGODA_API_CODES_PER_KEY_DAY"], globals())  # REST API verifications

# --- SMS providers (zgoda/sms/app_settings.py explains each; docs/operations.md has a
# configuration for every provider). Options of provider NAME come from the variables
# ZGODA_SMS_<NAME>_<OPTION> (each also as ..._FILE), e.g. ZGODA_SMS_KANNEL_URL.
from zgoda.sms.config import provider_options_from_env  # noqa: E402  (pure Python, no Django)

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
pass_through(["ZGODA_OTP_TEMPLATE", "ZGODA_OTP_TEMPLATE_EN"], globals())

# --- Consent (defaults and meaning in zgoda/consent/app_settings.py)
ZGODA_ENROLLMENT_FORM = "zgoda.consent.forms.ConsentEnrollmentForm"
ZGODA_CHANGE_NUMBER_FORM = "zgoda.consent.forms.ConsentChangeNumberForm"  # "withdraw marketing instead"
ZGODA_TWOFA_DISABLE_FORM = "zgoda.consent.forms.ConsentTwofaDisableForm"  # "withdraw marketing too"
ACCOUNT_FORMS = {"signup": "zgoda.consent.forms.ConsentSignupForm", "login": "zgoda.accounts.entrance_forms.LoginForm",
                 "reset_password": "zgoda.accounts.entrance_forms.ResetPasswordForm",
                 "add_email": "zgoda.accounts.entrance_forms.AddEmailForm",
                 "change_password": "zgoda.accounts.entrance_forms.ChangePasswordForm"}
ZGODA_EXTRA_LOGIN_STAGES = ["zgoda.consent.stages.ReconsentStage"]
pass_through(["ZGODA_PUBLIC_URL"], globals())  # default in zgoda/lib/site.py
ZGODA_2FA_INVITATION_INTERVAL_DAYS = env_int("ZGODA_2FA_INVITATION_INTERVAL_DAYS", 30)
ZGODA_2FA_INVITATION_REPORT_DAYS = env_int("ZGODA_2FA_INVITATION_REPORT_DAYS", 30)
# set but empty: re-confirmation off
pass_through(["ZGODA_MARKETING_RECONFIRM_MONTHS"], globals(), keep_empty=True)
pass_through(["ZGODA_CONTROLLER_NAME", "ZGODA_CONTROLLER_ADDRESS", "ZGODA_CONTROLLER_EMAIL", "ZGODA_DEMO"], globals())

# --- Privacy (defaults and meaning in zgoda/privacy/app_settings.py): only what is set
pass_through([
    "ZGODA_SHORT_BASE_URL", "ZGODA_PRIVACY_SESSION_MINUTES",
    "ZGODA_PRIVACY_DEADLINE_WARNING_DAYS", "ZGODA_PRIVACY_STOP_REPLY", "ZGODA_PRIVACY_STOP_REPLY_EN", "ZGODA_PRIVACY_ACCOUNT_LINK_HOURS",
    "ZGODA_PRIVACY_ACCOUNT_LINK_RESEND_MINUTES",
], globals())

# --- Retention, applied by `zgoda purge` and the task worker (defaults and meaning in each
# app's app_settings.py): only what is set
pass_through([
    "ZGODA_RETENTION_CODES_DAYS", "ZGODA_RETENTION_AUDIT_DETAILS_DAYS", "ZGODA_RETENTION_DEVICES_DAYS",
    "ZGODA_RETENTION_MARKETING_SMS_DAYS", "ZGODA_RETENTION_TASK_RESULTS_DAYS", "ZGODA_RETENTION_LEDGER_YEARS",
    "ZGODA_RETENTION_CAMPAIGN_NUMBERS_DAYS", "ZGODA_RETENTION_OPTOUT_NUMBERS_DAYS", "ZGODA_PURGE_INTERVAL_HOURS",
], globals())

# --- Identifier hashes and the erasure journal (defaults and meaning in zgoda/lib/hashkey.py
# and zgoda/lib/journal.py): only what is set. ZGODA_HASH_KEY_FILE works as for every secret.
pass_through(["ZGODA_HASH_KEY", "ZGODA_ERASURE_JOURNAL"], globals())

# --- Campaigns (defaults and meaning in zgoda/campaigns/app_settings.py)
pass_through(["ZGODA_CAMPAIGN_FOOTER", "ZGODA_CAMPAIGN_FOOTER_EN", "ZGODA_SHOP_LOGO", "ZGODA_PRIVACY_POLICY_URL"], globals())
ZGODA_CAMPAIGN_RATE = env("ZGODA_CAMPAIGN_RATE", "50")
ZGODA_CAMPAIGN_QUIET_HOURS = env("ZGODA_CAMPAIGN_QUIET_HOURS", "20:00-09:00")
ZGODA_CAMPAIGN_QUIET_DAYS = env("ZGODA_CAMPAIGN_QUIET_DAYS", "sun")
ZGODA_CAMPAIGN_TIME_ZONE = env("ZGODA_CAMPAIGN_TIME_ZONE", "Europe/Warsaw")
ZGODA_CAMPAIGN_BATCH = env_int("ZGODA_CAMPAIGN_BATCH", 2000)
ZGODA_CAMPAIGN_CHUNK = env_int("ZGODA_CAMPAIGN_CHUNK", 50)
ZGODA_CAMPAIGN_LEASE_SECONDS = env_int("ZGODA_CAMPAIGN_LEASE_SECONDS", 120)
ZGODA_CAMPAIGN_CONVERSION_SECRET = env("ZGODA_CAMPAIGN_CONVERSION_SECRET", "")

# --- Webhooks (defaults and meaning in zgoda/webhooks/app_settings.py): only what is set
pass_through([
    "ZGODA_WEBHOOKS_ALLOW_PRIVATE", "ZGODA_WEBHOOKS_TIMEOUT_SECONDS", "ZGODA_WEBHOOKS_RETRY_SCHEDULE",
    "ZGODA_WEBHOOKS_RETRY_HOURS", "ZGODA_RETENTION_WEBHOOKS_DAYS",
], globals())

# --- REST API (defaults and meaning in zgoda/restapi/app_settings.py): only what is set
pass_through(["ZGODA_API_RATE_LIMIT_PER_MINUTE", "ZGODA_API_IDEMPOTENCY_HOURS"], globals())

# --- Task worker (defaults and meaning in zgoda/worker/app_settings.py): only what is set
pass_through(["ZGODA_WORKER_NICENESS"], globals(), keep_empty=True)
