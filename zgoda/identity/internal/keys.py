"""The key that signs ID tokens, published by the JWKS.

From ZGODA_OIDC_PRIVATE_KEY (or ZGODA_OIDC_PRIVATE_KEY_FILE), a PEM RSA private key. Without
it, on SQLite, from the file `oidc_private_key.pem` in ZGODA_DATA_DIR, generated once on first
use (0600, written whole or not at all). With DATABASE_URL it must be given (check
zgoda.identity.E001): every machine must sign with the one key the JWKS publishes.
"""

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from zgoda.lib import files

from .. import app_settings

_read: dict[str, str] = {}


def may_generate() -> bool:
    """Only on SQLite (no DATABASE_URL), where the database and the data folder are one machine's."""
    return not getattr(settings, "DATABASE_URL", None)


def key_file() -> Path:
    return Path(settings.DATA_DIR) / app_settings.KEY_FILE_NAME


def pem() -> str:
    """The signing key's PEM."""
    given = app_settings.private_key()
    if given:
        return given
    if not may_generate():
        raise ImproperlyConfigured(missing_message())
    path = key_file()
    if str(path) not in _read:
        if not path.exists():
            files.create_once(path, generate())
        _read[str(path)] = path.read_text().strip()
    return _read[str(path)]


def problem(value: str) -> str:
    """Why `value` cannot sign ID tokens ("" when it can): an RSA private key in PEM, 2048 bits or more."""
    try:
        key = serialization.load_pem_private_key(value.encode(), password=None)
    except (ValueError, TypeError):
        return "ZGODA_OIDC_PRIVATE_KEY is not a PEM private key without a password."
    if not isinstance(key, rsa.RSAPrivateKey):
        return "ZGODA_OIDC_PRIVATE_KEY must be an RSA key (ID tokens are signed with RS256)."
    if key.key_size < 2048:
        return f"ZGODA_OIDC_PRIVATE_KEY has {key.key_size} bits; use 2048 or more."
    return ""


def missing_message() -> str:
    return ("With DATABASE_URL, ZGODA_OIDC_PRIVATE_KEY (or ZGODA_OIDC_PRIVATE_KEY_FILE) must be set: the RSA key "
            "that signs ID tokens, the same on every machine, or shops reject tokens signed with another key.")


def generate() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
