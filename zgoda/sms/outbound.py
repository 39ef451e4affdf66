"""Every HTTP request our own SMS code makes goes through `request()` here.

One place to mock in tests, one place that turns network trouble into ProviderError:

* the connection was refused or could not be made: nothing reached the gateway, so a
  retry cannot send twice (temporary, maybe_sent=False);
* the request went out but no answer came (read timeout, connection dropped): the gateway
  may have sent the SMS (temporary, maybe_sent=True), so a retry waits for a delivery
  report first.

(The official SMSAPI and Twilio clients use their own HTTP stacks; their providers map
those errors the same way.)
"""

from __future__ import annotations

import threading

import requests

from .providers.base import ProviderError

_local = threading.local()
USER_AGENT = "Zgoda-SMS/1.0"


def _session() -> requests.Session:
    # One keep-alive session per thread: a worker sends many messages to one gateway.
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
    return session


def request(method: str, url: str, *, timeout: float, **kwargs) -> requests.Response:
    """requests.request through a per-thread session; network faults become ProviderError."""
    try:
        return _session().request(method, url, timeout=timeout, allow_redirects=False, **kwargs)
    except requests.exceptions.RequestException as error:
        raise provider_error(error, timeout) from error


def provider_error(error: requests.exceptions.RequestException, timeout: float) -> ProviderError:
    """The ProviderError for a requests exception (ours, or one an official client let through)."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return ProviderError(f"connection timed out: {error}")
    if isinstance(error, requests.exceptions.ReadTimeout):
        return ProviderError(f"no answer within {timeout} s", maybe_sent=True)
    if isinstance(error, requests.exceptions.ConnectionError):
        return ProviderError(f"connection failed: {error}", maybe_sent=_maybe_sent(error))
    return ProviderError(f"HTTP request failed: {error}", permanent=True)


def _maybe_sent(error: requests.exceptions.ConnectionError) -> bool:
    """False only when the connection itself could not be made (refused, no route, DNS)."""
    text = repr(error)
    never_connected = (
        "NewConnectionError", "Connection refused", "NameResolutionError", "No route to host",
        "Failed to establish",
    )  # fmt: skip
    return not any(marker in text for marker in never_connected)
