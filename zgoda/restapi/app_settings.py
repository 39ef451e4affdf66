"""REST API settings with their defaults, read from django.conf.settings."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def rate_limit_per_minute() -> int:
    """Requests one API key may make in a minute, unless the key sets its own (then 429 with Retry-After)."""
    return int(_get("ZGODA_API_RATE_LIMIT_PER_MINUTE", 120))


def idempotency_hours() -> int:
    """How long a POST's response is kept for its Idempotency-Key (then the rows are deleted)."""
    return int(_get("ZGODA_API_IDEMPOTENCY_HOURS", 24))


def marketing_export_batch() -> int:
    """Rows read at a time while streaming the marketing numbers."""
    return 1000
