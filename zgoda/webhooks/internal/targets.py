"""Where a webhook may go: http or https, no credentials in the URL, and in production no
loopback, private, link-local or otherwise non-public address (a webhook must not become a
way into Zgoda's own network)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .. import app_settings


class TargetError(ValueError):
    """The message says what is wrong, translated."""


def check_url(url: str) -> str:
    """The URL, stripped, if a subscription may use it; else TargetError. Resolves the host
    name when private targets are refused."""
    url = (url or "").strip()
    if not url:
        raise TargetError(_("Podaj adres URL."))
    if len(url) > 2000:
        raise TargetError(_("Adres URL jest za długi (najwyżej 2000 znaków)."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetError(_("To nie jest poprawny adres URL.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetError(_("Adres musi zaczynać się od http:// albo https:// i zawierać nazwę serwera."))
    if parts.username is not None or parts.password is not None:
        raise TargetError(_("Adres nie może zawierać loginu ani hasła: webhooki uwierzytelnia podpis."))
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise TargetError(_("Adres URL nie może zawierać spacji ani znaków sterujących."))
    if parts.fragment:
        raise TargetError(_("Adres URL nie może zawierać fragmentu (#...)."))
    if not app_settings.allow_private_targets():
        check_public(parts.hostname, port or (443 if parts.scheme == "https" else 80))
    return url


def check_public(host: str, port: int) -> str:
    """One address to connect to, or TargetError unless every address `host` resolves to is
    public (checked again before each attempt: a name may start pointing elsewhere, so the
    attempt connects to this address itself, never resolving the name a second time)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        raise TargetError(_("Nie znaleziono serwera %(host)s.") % {"host": host}) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global:
            raise TargetError(_("Adres %(host)s prowadzi do sieci lokalnej lub prywatnej; webhooki "
                                "wysyłamy tylko na adresy publiczne.") % {"host": host})
    return infos[0][4][0].split("%")[0]
