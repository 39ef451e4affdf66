"""Keyed hashes and random tokens for codes, devices and links.

Only HMACs are stored; comparisons are constant-time.
"""

import hashlib
import hmac
import secrets

from django.conf import settings


def _key(purpose: str) -> bytes:
    # One derived key per purpose, so a leaked hash of one kind says nothing of another.
    return hmac.new(settings.SECRET_KEY.encode(), f"zgoda:{purpose}".encode(), hashlib.sha256).digest()


def keyed_hash(purpose: str, value: str) -> str:
    return hmac.new(_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def matches(purpose: str, value: str, stored_hash: str) -> bool:
    return hmac.compare_digest(keyed_hash(purpose, value), stored_hash or "")


def random_digits(length: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(length))


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
