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


class PasswordCheckMixin:
    password_field_name = "password"

    def check_password(self, password):
        if not self.user.check_password(password or ""):
            raise ValidationError(_("Hasło jest nieprawidłowe."), code="wrong_password")


class ChangePhoneForm(PasswordCheckMixin, forms.Form):
    phone = PhoneField(label=_("Nowy numer telefonu komórkowego"))
    password = forms.CharField(
        label=_("Obecne hasło"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Podaj obecne hasło.")},
    )

    def __init__(self, *args, user, current_phone, **kwargs):
        self.user, self.current_phone = user, current_phone
        super().__init__(*args, **kwargs)

    def clean_password(self):
        self.check_password(self.cleaned_data.get("password"))
        return ""

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone == self.current_phone:
            raise ValidationError(_("To jest już Twój numer do logowania."), code="same_phone")
        return phone


class DisableWithPasswordForm(PasswordCheckMixin, forms.Form):
    password = forms.CharField(
        label=_("Hasło"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Podaj hasło.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        self.check_password(self.cleaned_data.get("password"))
        return ""
