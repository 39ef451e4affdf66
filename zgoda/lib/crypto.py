"""Keyed hashes and random tokens for codes, devices and links.

Only HMACs are stored; comparisons are constant-time.

Two keys, on purpose:
- `keyed_hash` (SECRET_KEY): what guards a secret for a while: one-time codes, trusted-device
  tokens, SMS callback tokens. Rotating SECRET_KEY voids them all, as it should.
- `identifier_hash` (the hash key, `hashkey.py`): what stands for a person's number or
  e-mail in rows kept for good (suppressions, contact numbers, code counters, audit and
  requests logs). It must survive a SECRET_KEY rotation, or opted-out and erased numbers
  would silently match nothing and come back into campaigns.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

from . import hashkey


def keyed_hash(purpose: str, value: str) -> str:
    # One derived key per purpose, so a leaked hash of one kind says nothing of another.
    return hmac.new(hashkey.derive(settings.SECRET_KEY, purpose), value.encode(), hashlib.sha256).hexdigest()


def identifier_hash(purpose: str, value: str) -> str:
    """A keyed hash naming a number or an e-mail in rows kept for good; keyed with the hash
    key (ZGODA_HASH_KEY), never SECRET_KEY."""
    return hmac.new(hashkey.derive(hashkey.key(), purpose), value.encode(), hashlib.sha256).hexdigest()


def matches(purpose: str, value: str, stored_hash: str) -> bool:
    return hmac.compare_digest(keyed_hash(purpose, value), stored_hash or "")


def random_digits(length: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(length))


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
