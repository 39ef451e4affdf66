"""Consent settings with their defaults, read from django.conf.settings."""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


def invitation_interval_days() -> int:
    """A user gets the "turn on 2FA" security message at most once in this many days."""
    return int(_get("ZGODA_2FA_INVITATION_INTERVAL_DAYS", 30))


def invitation_report_days() -> int:
    """The invitation report counts 2FA turned on within this many days of the message."""
    return int(_get("ZGODA_2FA_INVITATION_REPORT_DAYS", 30))


from zgoda.lib.site import public_url as public_url  # noqa: E402  (where people reach Zgoda, for e-mailed links)


def export_chunk_rows() -> int:
    """Rows fetched and written at a time by an export: memory stays flat whatever the size."""
    return int(_get("ZGODA_EXPORT_CHUNK_ROWS", 5000))


def dashboard_weeks() -> int:
    """Weeks shown in the dashboard's chart of new marketing consents."""
    return int(_get("ZGODA_CONSENT_DASHBOARD_WEEKS", 12))
