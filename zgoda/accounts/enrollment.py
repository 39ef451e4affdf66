"""The enrollment form class, extensible by apps that add boxes to it (consents)."""

from django import forms
from django.utils.module_loading import import_string

from .forms import ChangePhoneForm, EnrollPhoneForm


class BaseEnrollmentForm(EnrollPhoneForm):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        """What the confirmed number will unlock; kept on the challenge until then."""
        return {}


def get_enrollment_form_class():
    from django.conf import settings

    path = getattr(settings, "ZGODA_ENROLLMENT_FORM", None)
    return import_string(path) if path else BaseEnrollmentForm


# The same extension for a change of number and for turning 2FA off: an app above accounts
# (consent) adds a field and reads its answer from the payload, carried by the challenge
# (change: `phone_confirmed`) or by the signal (`twofa_disabled`).
class BaseChangeNumberForm(ChangePhoneForm):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        """Kept on the code challenge until the new number is confirmed."""
        return {}


class BaseTwofaDisableForm(forms.Form):
    """No field of its own: turning 2FA off is confirmed by the password or a code."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        """Sent with `twofa_disabled` once 2FA is off."""
        return {}


def _form_class(setting: str, default):
    from django.conf import settings

    path = getattr(settings, setting, None)
    return import_string(path) if path else default


def get_change_number_form_class():
    return _form_class("ZGODA_CHANGE_NUMBER_FORM", BaseChangeNumberForm)


def get_twofa_disable_form_class():
    return _form_class("ZGODA_TWOFA_DISABLE_FORM", BaseTwofaDisableForm)
