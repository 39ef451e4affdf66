from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zgoda.lib.phone import parse_mobile

from . import app_settings


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kod z SMS-a"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "class": "code-input"}
        ),
        error_messages={"required": _("Wpisz kod z SMS-a.")},
    )


class LoginCodeForm(CodeForm):
    trust_device = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = app_settings.trusted_device_days()
        self.fields["trust_device"].label = ngettext(
            "Zaufaj temu urządzeniu (nie pytaj o kod przez %(days)d dzień)",
            "Zaufaj temu urządzeniu (nie pytaj o kod przez %(days)d dni)",
            days,
        ) % {"days": days}


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Numer telefonu komórkowego"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "500 100 200"})
        )
        kwargs.setdefault("error_messages", {"required": _("Podaj numer telefonu komórkowego.")})
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_mobile(super().clean(value)).e164


class EnrollPhoneForm(forms.Form):
    """Step one of turning 2FA on. The consent app adds its boxes to this form."""

    phone = PhoneField()


class ChangePhoneForm(forms.Form):
    """The new number; the password was asked just before by allauth's reauthentication."""

    phone = PhoneField(label=_("Nowy numer telefonu komórkowego"))

    def __init__(self, *args, current_phone, **kwargs):
        self.current_phone = current_phone
        super().__init__(*args, **kwargs)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone == self.current_phone:
            raise ValidationError(_("To jest już Twój numer do logowania."), code="same_phone")
        return phone


class GenerateRecoveryCodesForm(forms.Form):
    """allauth.mfa's form (MFA_FORMS "generate_recovery_codes"), which wants another
    authenticator first: here SMS 2FA is enough, so SMS-only accounts get recovery codes too."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.pop("user")
        super().__init__(*args, **kwargs)

    def clean(self):
        from allauth.mfa.adapter import get_adapter
        from allauth.mfa.recovery_codes.internal.flows import can_generate_recovery_codes

        from .models import SmsTwoFactor

        cleaned_data = super().clean()
        if not SmsTwoFactor.objects.filter(user_id=self.user.pk).exists() and not can_generate_recovery_codes(self.user):
            raise get_adapter().validation_error("cannot_generate_recovery_codes")
        return cleaned_data
