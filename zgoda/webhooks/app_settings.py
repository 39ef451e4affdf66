"""Webhook settings with their defaults, read from django.conf.settings (ZGODA_WEBHOOKS_*).

zgoda/settings/own_apps.py passes through only what the environment sets; .env.example
documents each one."""

from django.conf import settings

from zgoda.lib import site
from zgoda.lib.flags import is_on


def _get(name, default):
    return getattr(settings, name, default)


def allow_private_targets() -> bool:
    """Whether a subscription may point at loopback, private, link-local or otherwise
    non-public addresses (ZGODA_WEBHOOKS_ALLOW_PRIVATE). Off in production, so a webhook
    cannot be aimed at Zgoda's own network (SSRF); on by default only with ZGODA_DEBUG or
    ZGODA_DEMO (the test settings turn it on: the tests' receiver listens on 127.0.0.1)."""
    value = _get("ZGODA_WEBHOOKS_ALLOW_PRIVATE", None)
    if value is None or value == "":
        return bool(settings.DEBUG) or site.demo_mode()
    return is_on(value)


def timeout_seconds() -> float:
    """How long one attempt waits to connect, and then for the answer (ZGODA_WEBHOOKS_TIMEOUT_SECONDS)."""
    return float(_get("ZGODA_WEBHOOKS_TIMEOUT_SECONDS", 10))


def retry_schedule() -> list[float]:
    """Seconds to wait after each failed attempt (ZGODA_WEBHOOKS_RETRY_SCHEDULE, comma
    separated); the last value repeats until retry_hours() have passed since the event."""
    value = _get("ZGODA_WEBHOOKS_RETRY_SCHEDULE", "5,300,1800,7200,18000,36000,36000,50400")
    if isinstance(value, str):
        return [float(part) for part in value.split(",") if part.strip()]
    return [float(part) for part in value]


def retry_hours() -> float:
    """Retries stop this many hours after the delivery was queued (ZGODA_WEBHOOKS_RETRY_HOURS): 3 days."""
    return float(_get("ZGODA_WEBHOOKS_RETRY_HOURS", 72))


def retention_days() -> int:
    """Delivery attempts, and events whose deliveries are all settled, are deleted after this
    many days (ZGODA_RETENTION_WEBHOOKS_DAYS)."""
    return int(_get("ZGODA_RETENTION_WEBHOOKS_DAYS", 30))


# What an attempt keeps of the receiver's answer (characters).
RESPONSE_EXCERPT = 300
USER_AGENT = "Zgoda-Webhooks/1.0"
