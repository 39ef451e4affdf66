"""SMS settings, read from django.conf.settings with their defaults in one place.

zgoda/settings/ fills them from ZGODA_* environment variables; docs/operations.md shows
a configuration for every provider.
"""

from decimal import Decimal

from django.conf import settings

from .config import parse_entry


def _get(name, default):
    return getattr(settings, name, default)


def provider_entries() -> list[tuple[str, str]]:
    """(name, type) of each provider, in the order they are tried (ZGODA_SMS_PROVIDERS).

    An entry is "kannel" (name and type alike) or "backup:kannel" (a second Kannel)."""
    return [parse_entry(entry) for entry in _get("ZGODA_SMS_PROVIDERS", [])]


def providers() -> list[str]:
    """Provider names in the order they are tried."""
    return [name for name, _ in provider_entries()]


def provider_options(name: str) -> dict:
    """Options of one provider (ZGODA_SMS_<NAME>_<OPTION> in the environment)."""
    return dict(_get("ZGODA_SMS_PROVIDER_OPTIONS", {}).get(name, {}))


def sender() -> str:
    """Alphanumeric sender name shown on the phone (at most 11 GSM characters)."""
    return _get("ZGODA_SMS_SENDER", "Zgoda")


def dev_outbox_enabled() -> bool:
    """The dev phone (/dev/phone/) and the outbox provider, for development only."""
    return bool(_get("ZGODA_DEV_OUTBOX", False))


def outbox_allowed_in_production() -> bool:
    return bool(_get("ZGODA_ALLOW_OUTBOX_IN_PRODUCTION", False))


def callback_base_url() -> str:
    """Public https://host Zgoda is reached at by gateways, for delivery reports.

    Unset: no delivery reports are asked for (messages stay 'submitted')."""
    return (_get("ZGODA_SMS_CALLBACK_BASE_URL", "") or "").rstrip("/")


def currency() -> str:
    return _get("ZGODA_SMS_CURRENCY", "PLN")


def otp_daily_spend_cap() -> Decimal | None:
    """Most that code SMS may cost in one local day; past it new codes are refused. None: no cap."""
    cap = _get("ZGODA_SMS_OTP_DAILY_SPEND_CAP", "50")
    return None if cap in (None, "") else Decimal(str(cap))


def daily_spend_cap() -> Decimal | None:
    """Most that all SMS together (codes, service SMS, campaigns) may cost in one local day.
    None (the default): no such cap; codes still have their own (otp_daily_spend_cap)."""
    cap = _get("ZGODA_SMS_DAILY_SPEND_CAP", None)
    return None if cap in (None, "") else Decimal(str(cap))


def otp_reserved_share() -> Decimal:
    """The share of daily_spend_cap() kept for code SMS: service SMS and campaigns together
    stop at the rest, so they can never use up what logins need (0-1, default 0.2)."""
    share = Decimal(str(_get("ZGODA_SMS_OTP_RESERVED_SHARE", "0.2")))
    return min(max(share, Decimal(0)), Decimal(1))


def allowed_countries() -> list[str]:
    """ISO codes of the countries SMS may go to; applied to every send (ZGODA_ALLOWED_COUNTRIES)."""
    return [c.upper() for c in _get("ZGODA_ALLOWED_COUNTRIES", ["PL"])]


def staff_emails() -> list[str]:
    """Who hears about a reached spend cap: settings.ADMINS (ZGODA_STAFF_EMAILS)."""
    return [address for _, address in _get("ADMINS", [])]


def retry_attempts_per_provider() -> int:
    """Tries on one provider before a message that may fail over moves to the next."""
    return int(_get("ZGODA_SMS_RETRY_ATTEMPTS", 3))


def retry_base_seconds() -> float:
    """Wait before the first retry; it doubles with each further try (exponential back-off)."""
    return float(_get("ZGODA_SMS_RETRY_BASE_SECONDS", 2))


def retry_max_seconds() -> float:
    return float(_get("ZGODA_SMS_RETRY_MAX_SECONDS", 300))


def max_attempts() -> int:
    """Tries of one message over all providers before it is given up as failed."""
    return int(_get("ZGODA_SMS_MAX_ATTEMPTS", 10))


def uncertain_retry_seconds() -> float:
    """After an answer that never came (the gateway may have sent it), wait this long for a
    delivery report before sending again, so a report can still prevent a double send."""
    return float(_get("ZGODA_SMS_UNCERTAIN_RETRY_SECONDS", 15))


def failover_kinds() -> list[str]:
    """Message kinds that move to the next provider; marketing only when listed here."""
    return list(_get("ZGODA_SMS_FAILOVER_KINDS", ["otp", "service"]))


def breaker_failures() -> int:
    """Consecutive failures after which a provider is skipped for breaker_seconds()."""
    return int(_get("ZGODA_SMS_BREAKER_FAILURES", 5))


def breaker_seconds() -> float:
    return float(_get("ZGODA_SMS_BREAKER_SECONDS", 60))


def max_age_seconds(kind: str) -> int:
    """A message not handed to a provider this long after it was queued expires unsent
    (a code SMS after its code's lifetime is worthless)."""
    defaults = {"otp": 300, "service": 3600, "marketing": 86400}
    ages = {**defaults, **_get("ZGODA_SMS_MAX_AGE_SECONDS", {})}
    return int(ages.get(kind, 3600))


# --- Retention (zgoda purge; RODO art. 5(1)(e)) -----------------------------------------------

def marketing_sms_retention_days() -> int:
    """Marketing and service SMS, and SMS people sent us, lose their number and text this many
    days after they were made (the row stays for counts and costs)."""
    return int(_get("ZGODA_RETENTION_MARKETING_SMS_DAYS", 365))


def task_result_retention_days() -> int:
    """A finished background task's row (arguments, result, error) is deleted this many days after it ended."""
    return int(_get("ZGODA_RETENTION_TASK_RESULTS_DAYS", 7))
