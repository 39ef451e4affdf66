"""SMS settings, read from django.conf.settings with their defaults in one place."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def providers() -> list[str]:
    """Provider names in the order they are tried (ZGODA_SMS_PROVIDERS)."""
    return list(_get("ZGODA_SMS_PROVIDERS", []))


def sender() -> str:
    """Alphanumeric sender name shown on the phone (at most 11 GSM characters)."""
    return _get("ZGODA_SMS_SENDER", "Zgoda")


def dev_outbox_enabled() -> bool:
    """The dev phone (/dev/phone/) and the outbox provider, for development only."""
    return bool(_get("ZGODA_DEV_OUTBOX", False))


def outbox_allowed_in_production() -> bool:
    return bool(_get("ZGODA_ALLOW_OUTBOX_IN_PRODUCTION", False))
