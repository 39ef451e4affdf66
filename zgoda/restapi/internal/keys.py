"""API keys: made once (the secret shown only then), found by their public prefix, checked
by a keyed hash in constant time, revoked, and limited to N requests a minute."""

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from zgoda.lib import crypto

from .. import app_settings
from ..models import SCOPES, ApiKey

HASH_PURPOSE = "api-key"
# zk_live_<12 hex>_<secret> or zk_test_...: the prefix finds the row, the secret proves the key.
KEY_FORMAT = re.compile(r"zk_(live|test)_([0-9a-f]{12})_([A-Za-z0-9_-]{32,64})")
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # the whole `zk_...` string: shown once, never stored


def secret_hash(secret: str) -> str:
    # The hash key, not SECRET_KEY: rotating SECRET_KEY must not break every shop's integration.
    return crypto.identifier_hash(HASH_PURPOSE, secret)


def unknown_scopes(scopes) -> list[str]:
    return [s for s in scopes if s not in SCOPES]


def create(*, name: str, scopes, kind: str = ApiKey.Kind.LIVE, rate_limit: int | None = None,
           expires_at: datetime | None = None) -> NewKey:
    """A new key; raises ValueError for an unknown scope or kind."""
    scopes = list(dict.fromkeys(scopes))
    if unknown_scopes(scopes):
        raise ValueError(", ".join(unknown_scopes(scopes)))
    if kind not in ApiKey.Kind.values:
        raise ValueError(kind)
    key = ApiKey(name=name, scopes=" ".join(scopes), kind=kind, rate_limit=rate_limit, expires_at=expires_at)
    secret = fill_secret(key)
    key.save()
    return NewKey(key, secret)


def fill_secret(key: ApiKey) -> str:
    """Give an unsaved key its prefix and secret hash; returns the whole key to show once."""
    key.prefix = secrets.token_hex(6)
    random_part = secrets.token_urlsafe(32)
    full = f"zk_{'test' if key.kind == ApiKey.Kind.SANDBOX else 'live'}_{key.prefix}_{random_part}"
    key.secret_hash = secret_hash(full)
    return full


def authenticate(presented: str) -> tuple[ApiKey | None, str]:
    """(key, "") for a valid active key; (None, why) otherwise: "malformed", "unknown",
    "revoked" or "expired". The comparison runs in constant time."""
    match = KEY_FORMAT.fullmatch((presented or "").strip())
    if not match:
        return None, "malformed"
    key = ApiKey.objects.filter(prefix=match.group(2)).first()
    if key is None:
        secret_hash(presented)  # about the same work either way
        return None, "unknown"
    if not hmac.compare_digest(secret_hash(presented.strip()), key.secret_hash):
        return None, "unknown"
    now = timezone.now()
    if key.revoked_at is not None:
        return None, "revoked"
    if key.expires_at is not None and key.expires_at <= now:
        return None, "expired"
    if key.last_used_at is None or key.last_used_at < now - TOUCH_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key, ""


def revoke(queryset) -> int:
    return queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def over_rate_limit(key: ApiKey, now=None) -> int:
    """0 when the key may make this request; else seconds until its minute ends.

    A counter per key and minute in the shared cache (the database cache by default, so
    every process counts together)."""
    now = now or timezone.now()
    limit = key.rate_limit or app_settings.rate_limit_per_minute()
    minute = int(now.timestamp() // 60)
    name = f"zgoda:api-rate:{key.pk}:{minute}"
    cache.add(name, 0, 120)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, 120)
        count = 1
    if count <= limit:
        return 0
    return max(1, 60 - int(now.timestamp()) % 60)
