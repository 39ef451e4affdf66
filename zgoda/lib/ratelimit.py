"""Pure arithmetic for limits: growing cooldowns, the moment a window frees up, and the
address a limit counts by (IPv6 per /64)."""

import ipaddress
from datetime import datetime, timedelta


def growing_cooldown(base_seconds: int, sends_so_far: int, cap_seconds: int = 600) -> int:
    """Seconds to wait after the n-th send: base, 2x base, 4x base ... up to the cap."""
    if sends_so_far <= 0:
        return 0
    return min(cap_seconds, base_seconds * 2 ** (sends_so_far - 1))


def window_frees_at(timestamps: list[datetime], limit: int, window: timedelta) -> datetime | None:
    """With `limit` events allowed per sliding `window`, when is the next one allowed?

    Returns None when one is allowed now (fewer than `limit` events in the window).
    `timestamps` are the events inside the window, any order.
    """
    if len(timestamps) < limit:
        return None
    ordered = sorted(timestamps)
    return ordered[len(ordered) - limit] + window


def network_key(ip: str, ipv6_prefix: int = 64) -> str:
    """The address a limit counts by: an IPv4 address as it is, an IPv6 address as the
    first address of its /64 (one subscriber's whole allocation: rotating addresses in it
    gains nothing), an IPv4-mapped IPv6 address as the IPv4 one; "" for no or a malformed address."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/{ipv6_prefix}", strict=False).network_address)
    return str(address)
