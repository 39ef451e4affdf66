"""allauth.mfa, adapted: its secrets encrypted at rest, and SMS 2FA counted as 2FA.

`settings.MFA_ADAPTER` points here. allauth stores the authenticator app's seed and the
recovery codes' seed through `encrypt` and reads them through `decrypt`."""

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import InvalidToken, MultiFernet, Fernet
from django.core.exceptions import ImproperlyConfigured

from . import mfakey
from .models import SmsTwoFactor

PREFIX = "zgoda-fernet:"  # marks what we encrypted (allauth's data is a plain JSON string)


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(mfakey.fernet_key(k)) for k in mfakey.keys()])


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return PREFIX + _fernet().encrypt(text.encode()).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            raise ImproperlyConfigured("An allauth.mfa secret is not encrypted with ZGODA_MFA_KEY.")
        try:
            return _fernet().decrypt(encrypted_text[len(PREFIX):].encode("ascii")).decode()
        except InvalidToken as error:
            raise ImproperlyConfigured(
                "ZGODA_MFA_KEY does not decrypt the authenticator secrets: restore the key it was made with."
            ) from error

    def is_mfa_enabled(self, user, types=None) -> bool:
        """With no type asked for, SMS 2FA counts too: the mfa page then offers recovery codes
        to SMS-only users, and allauth's other checks treat them as protected accounts."""
        if types is None and not user.is_anonymous and SmsTwoFactor.objects.filter(user_id=user.pk).exists():
            return True
        return super().is_mfa_enabled(user, types=types)
