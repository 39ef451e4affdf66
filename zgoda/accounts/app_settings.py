"""Login and SMS 2FA settings with their defaults, read from django.conf.settings."""

from django.conf import settings

from zgoda.lib import languages


def _get(name, default):
    return getattr(settings, name, default)


def code_length() -> int:
    """Digits in a one-time code, 4-10 (ZGODA_OTP_LENGTH)."""
    return int(_get("ZGODA_OTP_LENGTH", 6))


def code_ttl_seconds() -> int:
    """How long a code stays valid."""
    return int(_get("ZGODA_OTP_TTL_SECONDS", 300))


# The code SMS in each language (GSM-7 only: no Polish letters); the operator's own text:
# ZGODA_OTP_TEMPLATE (Polish), ZGODA_OTP_TEMPLATE_EN (English); see zgoda.lib.languages.
OTP_TEMPLATES = {
    "pl": "Zgoda: kod nr {number} z dzis: {code}. Nie podawaj go nikomu.",
    "en": "Zgoda: code no. {number} of today: {code}. Do not share it with anyone.",
}


def otp_template(language: str | None = None) -> str:
    """The code SMS in `language` (default: Polish); {number} is the code's ordinal of the
    day, {code} the grouped code.

    Each language's must fit one GSM-7 segment (a system check refuses it otherwise)."""
    return languages.text("ZGODA_OTP_TEMPLATE", language, OTP_TEMPLATES)


def resend_cooldown_seconds() -> int:
    """Wait before the first resend; it doubles with every further code of one login."""
    return int(_get("ZGODA_OTP_RESEND_COOLDOWN_SECONDS", 30))


def max_codes_per_login() -> int:
    return int(_get("ZGODA_OTP_MAX_PER_LOGIN", 5))


def max_codes_per_user_per_day() -> int:
    return int(_get("ZGODA_OTP_MAX_PER_USER_PER_DAY", 10))


def max_wrong_per_code() -> int:
    """Wrong tries that kill one code (a resend is then needed)."""
    return int(_get("ZGODA_OTP_MAX_WRONG_PER_CODE", 5))


def max_wrong_per_login() -> int:
    """Wrong tries that end a login (the password is then needed again)."""
    return int(_get("ZGODA_OTP_MAX_WRONG_PER_LOGIN", 10))


def phone_limits() -> list[tuple[int, int]]:
    """(count, window seconds) caps on code SMS to one number."""
    return _get("ZGODA_SMS_LIMITS_PER_NUMBER", [(3, 300), (10, 86400)])


def ip_limits() -> list[tuple[int, int]]:
    """(count, window seconds) caps on code SMS asked for from one IP address."""
    return _get("ZGODA_SMS_LIMITS_PER_IP", [(20, 3600)])


# --- One limits policy (internal/limits.py; docs/operations.md "Limits") -------------------

def other_phone_limits() -> list[tuple[int, int]]:
    """(count, window seconds) caps on codes to one number asked for by anyone but its
    verified owner logging in: enrollment or change of number by another account, a shop's
    API key; and the same caps again for the privacy portal's codes, counted on their own.
    Smaller than the owner's, and never counted against the owner's login."""
    return [
        (int(_get("ZGODA_SMS_PER_NUMBER_OTHERS_5MIN", 2)), 300),
        (int(_get("ZGODA_SMS_PER_NUMBER_OTHERS_DAY", 5)), 86400),
    ]


def api_key_code_limits() -> list[tuple[int, int]]:
    """(count, window seconds) caps on code SMS one API key may ask for (REST API
    verifications): the shop's whole traffic shares them, in place of the per-address cap
    (its server is one address)."""
    return [
        (int(_get("ZGODA_API_CODES_PER_KEY_HOUR", 200)), 3600),
        (int(_get("ZGODA_API_CODES_PER_KEY_DAY", 2000)), 86400),
    ]


def new_numbers_per_day() -> int:
    """Distinct numbers one account may send codes to in 24 hours for enrollment and change of number."""
    return int(_get("ZGODA_OTP_NEW_NUMBERS_PER_DAY", 3))


def codes_per_hour() -> int | None:
    """Code SMS of all accounts and the portal together in the last hour; at the cap staff
    get an e-mail (once an hour) and only logins of numbers that logged in with a code in
    the last `recent_login_days()` get codes. Empty or 0: no cap."""
    value = _get("ZGODA_SMS_CODES_PER_HOUR", 500)
    return int(value) if value not in (None, "", 0, "0") else None


def recent_login_days() -> int:
    """A login with a code this recent keeps the number served beyond the hourly cap."""
    return int(_get("ZGODA_OTP_RECENT_LOGIN_DAYS", 30))


def password_limits() -> dict[str, tuple[int, int]]:
    """(count, window seconds) caps on passwords tried at login and at password prompts:
    tries from one client address, wrong ones from that address, and wrong ones typed with
    one login (e-mail). Empty when ACCOUNT_RATE_LIMITS is False (benchmarks only)."""
    if _get("ACCOUNT_RATE_LIMITS", None) is False:
        return {}
    return {
        "tries_per_network": (int(_get("ZGODA_LOGIN_TRIES_PER_IP_MINUTE", 30)), 60),
        "wrong_per_network": (int(_get("ZGODA_LOGIN_WRONG_PER_IP_MINUTE", 10)), 60),
        "wrong_per_login": (int(_get("ZGODA_LOGIN_WRONG_PER_LOGIN_5MIN", 5)), 300),
    }


def max_consecutive_failures() -> int:
    """Wrong codes in a row, across days and logins, after which the account's code step is
    locked until a password reset (NIST SP 800-63B 5.2.2)."""
    return int(_get("ZGODA_OTP_MAX_CONSECUTIVE_FAILURES", 100))


def trusted_device_days() -> int:
    """A trusted device stays trusted this many days after its last use (sliding)."""
    return int(_get("ZGODA_TRUSTED_DEVICE_DAYS", 60))


DEVICE_COOKIE = "zgoda_device"
# Accounts this browser has logged in to with a second factor (keyed tags, signed): a login
# from a browser not in it gets the new-device e-mail. 10 accounts, one year.
SEEN_COOKIE, SEEN_MAX_ACCOUNTS, SEEN_DAYS = "zgoda_seen", 10, 365


# --- Retention (zgoda purge; RODO art. 5(1)(e)) -----------------------------------------------

def code_retention_days() -> int:
    """Code challenges and codes, and the recipient of their SMS, are deleted this many days after they were made."""
    return int(_get("ZGODA_RETENTION_CODES_DAYS", 30))


def audit_details_retention_days() -> int:
    """The IP address and browser of an audit event are blanked this many days after it (the event stays)."""
    return int(_get("ZGODA_RETENTION_AUDIT_DETAILS_DAYS", 365))


def device_retention_days() -> int:
    """A revoked or expired trusted device is deleted this many days after it stopped working."""
    return int(_get("ZGODA_RETENTION_DEVICES_DAYS", 30))
