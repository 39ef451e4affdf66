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

import functools
import urllib.parse
from dataclasses import dataclass

import requests
import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, ProtocolError, ReadTimeoutError

from .providers.base import ProviderError

USER_AGENT = "Zgoda-SMS/1.0"
# Thread-safe, keep-alive connection pools (a worker sends many messages to one gateway).
# urllib3 directly: requests' cookie and proxy handling cost a millisecond of CPU per SMS.
_pool = urllib3.PoolManager(num_pools=20, maxsize=8, headers={"User-Agent": USER_AGENT})


@dataclass
class Response:
    status_code: int
    text: str
    headers: dict


def request(method: str, url: str, *, timeout: float, params=None, data=None, headers=None) -> Response:
    """One HTTP request, no redirects, no retries; network faults become ProviderError."""
    url = url.partition("#")[0]  # a fragment never travels (and parameters go before it)
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
    # The host's pool, then the path and query: urllib3 checks a URL's query character by
    # character in Python (~50 us for a sendsms URL), and the manager's request() would parse
    # the whole URL before its pool checks the path and query again.
    address, question_mark, query = url.partition("?")
    try:
        pool = _pool.connection_from_url(address)
        answer = pool.request(
            method, _path(address) + question_mark + query, body=data,
            headers={"User-Agent": USER_AGENT, **(headers or {})},
            timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False, redirect=False,
        )  # fmt: skip
    except ConnectTimeoutError as error:  # includes refused and unresolvable: nothing was sent
        raise ProviderError(f"connection failed: {error}") from error
    except ReadTimeoutError as error:
        raise ProviderError(f"no answer within {timeout} s", maybe_sent=True) from error
    except ProtocolError as error:  # the connection dropped after the request went out
        raise ProviderError(f"connection lost before the answer: {error}", maybe_sent=True) from error
    except HTTPError as error:  # e.g. a malformed URL: a configuration problem
        raise ProviderError(f"HTTP request failed: {error}", permanent=True) from error
    charset = "utf-8"
    content_type = answer.headers.get("Content-Type", "")
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip() or charset
    try:
        text = answer.data.decode(charset, errors="replace")
    except LookupError:
        text = answer.data.decode("utf-8", errors="replace")
    return Response(answer.status, text, dict(answer.headers))


@functools.lru_cache(maxsize=64)
def _path(address: str) -> str:
    return urllib3.util.parse_url(address).path or "/"


def provider_error(error: requests.exceptions.RequestException, timeout: float) -> ProviderError:
    """The ProviderError for a requests exception an official client (SMSAPI, Twilio) let through."""
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
