"""Where people reach Zgoda, for links sent outside a request (e-mails, tasks)."""

from django.conf import settings


def public_url() -> str:
    """ZGODA_PUBLIC_URL, without a trailing slash."""
    return str(getattr(settings, "ZGODA_PUBLIC_URL", "http://localhost:8000")).rstrip("/")
