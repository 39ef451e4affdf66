"""Signing secrets: `whsec_` + base64 of 32 random bytes (what Standard Webhooks expects).

Zgoda must sign every attempt, so it keeps the secret itself, not a hash of it. At rest it is
encrypted (Fernet) with a key derived from the hash key (ZGODA_HASH_KEY, or the key file on
SQLite): a copy of the database alone does not give anyone the power to forge Zgoda's
webhooks, and rotating SECRET_KEY does not break the subscriptions. The clear secret is shown
once, when the subscription is created."""

import base64
import secrets

from cryptography.fernet import Fernet

from zgoda.lib import hashkey

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashkey.derive(hashkey.key(), "webhook-secret")))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
