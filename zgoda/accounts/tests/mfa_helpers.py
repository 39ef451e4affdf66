"""Helpers for the fallback tests: an authenticator app and recovery codes made with allauth's
own wrappers, and the app's current code computed with allauth's TOTP helpers."""

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

APP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_app(user, secret=APP_SECRET):
    TOTP.activate(user, secret)
    return secret


def app_code(secret=APP_SECRET, steps=0) -> str:
    """The code the app shows now (or `steps` periods later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps))


def add_recovery_codes(user) -> list[str]:
    return RecoveryCodes.activate(user).get_unused_codes()


__all__ = ["APP_SECRET", "add_app", "add_recovery_codes", "app_code", "generate_totp_secret"]
