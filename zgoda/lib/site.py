"""Where people reach Zgoda, for links sent outside a request (e-mails, tasks, SMS).

`make run` derives the base URLs from its port: `python -m zgoda.lib.site PORT` prints what
scripts/serve-demo exports (only variables the environment does not set already), and tests
apply the same `loopback_urls()` to their live server, so the links follow the server."""

import ipaddress
import sys
import urllib.parse

from django.conf import settings

from .flags import is_on

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "0.0.0.0"}


def public_url() -> str:
    """ZGODA_PUBLIC_URL, without a trailing slash."""
    return str(getattr(settings, "ZGODA_PUBLIC_URL", "http://localhost:8000")).rstrip("/")


def loopback_urls(port: int) -> dict[str, str]:
    """The base URLs of a demo served on 127.0.0.1:`port` (what `make run` sets from PORT)."""
    base = f"http://127.0.0.1:{int(port)}"
    return {"ZGODA_PUBLIC_URL": base, "ZGODA_SHORT_BASE_URL": base}


def is_loopback(url: str) -> bool:
    """Whether a base URL ("https://x.pl", "x.pl", "127.0.0.1:8000") leads only to this machine."""
    raw = (url or "").strip()
    host = urllib.parse.urlsplit(raw if "://" in raw else f"//{raw}").hostname or ""
    if not host or host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def demo_mode() -> bool:
    """ZGODA_DEMO: a demonstration on this machine (`make run`), which production checks allow."""
    value = getattr(settings, "ZGODA_DEMO", False)
    return is_on(value)


if __name__ == "__main__":  # scripts/serve-demo: NAME=value lines for the port given
    for name, value in loopback_urls(int(sys.argv[1])).items():
        print(f"{name}={value}")
