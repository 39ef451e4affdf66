"""Reading provider configuration from the environment. Pure Python: the settings import it.

ZGODA_SMS_PROVIDERS lists the providers in the order they are tried. An entry is a name
("kannel") or a name and a type ("backup:kannel", a second Kannel). Each provider's options
come from variables ZGODA_SMS_<NAME>_<OPTION>, e.g. ZGODA_SMS_KANNEL_URL; like every
setting, ZGODA_SMS_<NAME>_<OPTION>_FILE names a file whose content wins (secrets).
"""

from __future__ import annotations

import ipaddress
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from zgoda.lib.flags import is_on

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def parse_entry(entry: str) -> tuple[str, str]:
    """'backup:kannel' -> ('backup', 'kannel'); 'kannel' -> ('kannel', 'kannel')."""
    name, _, kind = entry.strip().partition(":")
    name, kind = name.strip().lower(), (kind.strip().lower() or name.strip().lower())
    if not _NAME.match(name):
        raise ValueError(f"SMS provider name {name!r}: use lower-case letters, digits and _ (max 40)")
    return name, kind


def env_prefix(name: str) -> str:
    return f"ZGODA_SMS_{name.upper()}_"


def provider_options_from_env(entries, environ) -> dict[str, dict[str, str]]:
    """{provider name: {option: value}} from ZGODA_SMS_<NAME>_<OPTION>[_FILE] variables."""
    found: dict[str, dict[str, str]] = {}
    for entry in entries:
        name, _ = parse_entry(entry)
        prefix = env_prefix(name)
        options: dict[str, str] = {}
        for key, value in environ.items():
            if not key.startswith(prefix) or key.endswith("_FILE"):
                continue
            options[key[len(prefix):].lower()] = value
        for key, path in environ.items():
            if key.startswith(prefix) and key.endswith("_FILE") and path:
                options[key[len(prefix):-5].lower()] = Path(path).read_text().strip()
        found[name] = options
    return found


def parse_prices(raw) -> dict[str, Decimal]:
    """'PL:0.07,DE:0.12,*:0.20' or '0.07' (every country) -> {'PL': 0.07, ..., '*': 0.20}.

    A dict (from settings) passes through with its values made Decimal."""
    if raw in (None, ""):
        return {}
    if isinstance(raw, dict):
        items = raw.items()
    elif ":" not in str(raw):
        items = [("*", raw)]
    else:
        items = [part.split(":", 1) for part in str(raw).split(",") if part.strip()]
    prices = {}
    for country, price in items:
        try:
            value = Decimal(str(price).strip())
        except InvalidOperation:
            raise ValueError(f"SMS price {price!r} for {country!r} is not a number") from None
        if value < 0:
            raise ValueError(f"SMS price for {country!r} is negative")
        prices[str(country).strip().upper()] = value
    return prices


def parse_bool(value, default=False) -> bool:
    return is_on(value, default)


SECRET = re.compile(r"^[A-Za-z0-9_-]{16,200}$")


def parse_networks(raw) -> list:
    """'203.0.113.7, 198.51.100.0/24, 2001:db8::/32' -> [ip_network, ...]; empty: []."""
    if raw in (None, ""):
        return []
    parts = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    networks = []
    for part in parts:
        part = str(part).strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"{part!r} is no IP address or network (e.g. 203.0.113.7 or 198.51.100.0/24)") from None
    return networks


def check_secret(value) -> None:
    """A callback secret travels in URLs (Kannel reads % in them): 16-200 of A-Z a-z 0-9 _ -."""
    if value and not SECRET.match(str(value)):
        raise ValueError("a callback secret must be 16-200 characters of A-Z, a-z, 0-9, _ and - "
                         "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
