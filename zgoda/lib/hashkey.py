"""The key of identifier hashes: what stands for a number or an e-mail in rows kept for
good (suppressions, contact numbers, code counters, the audit log, the requests log).

It is not SECRET_KEY: rotating SECRET_KEY must not let an erased or opted-out number back
into campaigns. It comes from ZGODA_HASH_KEY (or ZGODA_HASH_KEY_FILE); without it, on
SQLite, from the file `hash_key` in ZGODA_DATA_DIR, created once after `zgoda migrate`
(by the consent app, which keeps the key's fingerprint in the database and refuses to run
when the key no longer matches it). With DATABASE_URL it must be given.

An upgrade from a version that keyed these hashes with SECRET_KEY keeps them: such a
database gets SECRET_KEY as its hash key, and per-purpose keys are derived from the hash
key exactly as they were from SECRET_KEY (HMAC(key, "zgoda:<purpose>")).
"""

import functools
import hashlib
import hmac
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from . import files

FILE_NAME = "hash_key"  # in ZGODA_DATA_DIR, when ZGODA_HASH_KEY is not given (SQLite only)

_read: dict[str, str] = {}  # the key file's content by ZGODA_DATA_DIR


def configured() -> str:
    """ZGODA_HASH_KEY (or the content of ZGODA_HASH_KEY_FILE), "" when not given."""
    return str(getattr(settings, "ZGODA_HASH_KEY", "") or "").strip()


def may_generate() -> bool:
    """Whether the key may live in a file Zgoda creates itself: only on SQLite (no DATABASE_URL),
    where the database and the data folder are on one machine."""
    return not getattr(settings, "DATABASE_URL", None)


def key_file() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def current() -> str | None:
    """The hash key, or None when none is given and the key file does not exist (yet)."""
    given = configured()
    if given:
        return given
    if not may_generate():
        return None
    data_dir = str(settings.DATA_DIR)  # names the file: cheaper than its Path on every hash
    if data_dir not in _read:
        try:
            value = key_file().read_text().strip()
        except FileNotFoundError:
            return None
        if not value:
            return None
        _read[data_dir] = value
    return _read[data_dir]


def key() -> str:
    value = current()
    if value is None:
        raise ImproperlyConfigured(missing_message())
    return value


def missing_message() -> str:
    if not may_generate():
        return _("Przy DATABASE_URL trzeba podać ZGODA_HASH_KEY (albo ZGODA_HASH_KEY_FILE): klucz skrótów "
                 "numerów i adresów e-mail, stały przez całe życie bazy.")
    return _("Brak klucza skrótów numerów i adresów e-mail (%(path)s): uruchom „zgoda migrate”, które go "
             "tworzy, albo przywróć ten plik z kopii.") % {"path": key_file()}


def create(value: str | None = None) -> str:
    """Write the key file once (a random key, or `value`); if it exists already, its content
    wins. Written whole or not at all: a temporary file, fsync'd, linked into place."""
    path = key_file()
    files.create_once(path, value or secrets.token_urlsafe(48))
    _read.pop(str(settings.DATA_DIR), None)
    return key()


@functools.lru_cache(maxsize=64)  # a few roots (hash key, SECRET_KEY) times a few purposes
def derive(root: str, purpose: str) -> bytes:
    """The per-purpose key: a hash of one purpose says nothing of another's."""
    return hmac.new(root.encode(), f"zgoda:{purpose}".encode(), hashlib.sha256).digest()


def fingerprint(root: str) -> str:
    """What the database keeps to tell whether a key made its hashes; reveals nothing of the key."""
    return hmac.new(derive(root, "hash-key-fingerprint"), b"fingerprint", hashlib.sha256).hexdigest()


def legacy_root() -> str:
    """The key identifier hashes were made with before ZGODA_HASH_KEY existed."""
    return settings.SECRET_KEY
