"""The one place webhooks make HTTP requests (tests and a proxy-free network path in one spot).

Zgoda's other outbound helper, zgoda/sms/outbound.py, is private to the SMS app and speaks
its language (ProviderError, "maybe sent"); a webhook needs only: one POST, no redirects,
no retries here (the delivery schedule retries), a timeout, and a short excerpt of the
answer. urllib3 directly, like the SMS helper: no proxy or cookie handling from the
environment, so a webhook goes exactly where its URL says."""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import HTTPError

from .. import app_settings

_pool = urllib3.PoolManager(num_pools=20, maxsize=4)


@dataclass
class Outcome:
    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""


def post(url: str, body: bytes, headers: dict, timeout: float, address: str | None = None) -> Outcome:
    """POST `body`; never raises for network trouble (it is in `error`). With `address`, the
    connection goes to that (vetted) address, with the URL's host name as the Host header
    and for TLS (SNI and certificate): the name is not resolved again (DNS rebinding)."""
    started = time.monotonic()
    answer = None
    headers = {"User-Agent": app_settings.USER_AGENT, **headers}
    options = {"timeout": urllib3.Timeout(connect=timeout, read=timeout), "retries": False, "redirect": False,
               "preload_content": False}
    try:
        if address is None:
            answer = _pool.request("POST", url, body=body, headers=headers, **options)
        else:
            pool, path, host = _pinned(url, address)
            answer = pool.urlopen("POST", path, body=body, headers={**headers, "Host": host}, **options)
        head = answer.read(app_settings.RESPONSE_EXCERPT * 4, decode_content=True) or b""
        excerpt = head.decode("utf-8", errors="replace")[: app_settings.RESPONSE_EXCERPT]
        return Outcome(answer.status, _elapsed(started), excerpt=excerpt)
    except HTTPError as error:
        return Outcome(answer.status if answer is not None else None, _elapsed(started), error=_short(error))
    finally:
        if answer is not None:
            answer.close()  # the rest of a long answer is not read; the connection is not reused


def _pinned(url: str, address: str):
    """(a connection pool to `address` speaking for the URL's host, the path, the Host header)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(address, port, server_hostname=parts.hostname,
                                           assert_hostname=parts.hostname, maxsize=1)
    else:
        pool = urllib3.HTTPConnectionPool(address, port, maxsize=1)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return pool, path, parts.netloc


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _short(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]
