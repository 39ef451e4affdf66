"""The key that encrypts allauth.mfa's secrets at rest: the authenticator app's seed and the
recovery codes' seed (mfa_adapter.MFAAdapter.encrypt/decrypt, Fernet: AES-128-CBC + HMAC).

It is neither SECRET_KEY nor the hash key: each can be rotated or leaked without the others.
It comes from ZGODA_MFA_KEY (or ZGODA_MFA_KEY_FILE); several keys separated by commas
rotate it (the first encrypts, every one decrypts). Without it, on SQLite, from the file
`mfa_key` in ZGODA_DATA_DIR, created once on first use. With DATABASE_URL it must be given
(a system check refuses to start without it): the database and a generated file could end
up on different machines, and a lost key means every app and recovery code stops working.
"""

import base64
import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from zgoda.lib import files

FILE_NAME = "mfa_key"

_read: dict[str, str] = {}


def configured() -> str:
    return str(getattr(settings, "ZGODA_MFA_KEY", "") or "").strip()


def may_generate() -> bool:
    return not getattr(settings, "DATABASE_URL", None)


def key_file() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def _from_file() -> str:
    path = key_file()
    if str(path) not in _read:
        if not path.exists():
            files.create_once(path, secrets.token_urlsafe(48))
        value = path.read_text().strip()
        if not value:
            raise ImproperlyConfigured(f"{path} is empty: restore it from a backup (ZGODA_MFA_KEY).")
        _read[str(path)] = value
    return _read[str(path)]


def keys() -> list[str]:
    """The keys, newest first."""
    given = configured()
    if given:
        return [k.strip() for k in given.split(",") if k.strip()]
    if not may_generate():
        raise ImproperlyConfigured(missing_message())
    return [_from_file()]


def missing_message() -> str:
    return ("With DATABASE_URL, ZGODA_MFA_KEY (or ZGODA_MFA_KEY_FILE) must be set: the key that encrypts "
            "authenticator-app and recovery-code secrets, kept for the life of the database.")


def fernet_key(key: str) -> bytes:
    """A Fernet key (32 url-safe base64 bytes) from a key of any length and alphabet."""
    return base64.urlsafe_b64encode(hashlib.sha256(b"zgoda:mfa:" + key.encode()).digest())
