"""Where a webhook may go: http or https, no credentials in the URL, and in production no
loopback, private, link-local or otherwise non-public address (a webhook must not become a
way into Zgoda's own network)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .. import app_settings


NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052's well-known prefix: the last 32 bits are IPv4
# Ranges Python calls global that translate to IPv4 or are site-local: refused outright.
NOT_PUBLIC_IPV6 = [ipaddress.IPv6Network(n) for n in ("64:ff9b:1::/48", "::ffff:0:0:0/96", "fec0::/10")]


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
        if (not address.is_global or not all(inner.is_global for inner in _embedded_ipv4(address))
                or any(address in network for network in NOT_PUBLIC_IPV6 if address.version == 6)):
            raise TargetError(_("Adres %(host)s prowadzi do sieci lokalnej lub prywatnej; webhooki "
                                "wysyłamy tylko na adresy publiczne.") % {"host": host})
    return infos[0][4][0].split("%")[0]


def _embedded_ipv4(address) -> list:
    """The IPv4 addresses an IPv6 address leads to (IPv4-mapped, 6to4, NAT64, Teredo): each
    must be public too, or 64:ff9b::7f00:1 would reach 127.0.0.1 through a NAT64 gateway."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    inner = [address.ipv4_mapped, address.sixtofour, address.teredo[1] if address.teredo else None]
    if address in NAT64:
        inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [a for a in inner if a is not None]
