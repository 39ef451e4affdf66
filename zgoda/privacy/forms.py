from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zgoda.accounts.forms import CodeForm, PhoneField
from zgoda.lib.phone import parse_mobile

from .models import DataSubjectRequest

__all__ = ["CodeForm", "ConfirmForm", "LinkRequestForm", "PortalPhoneForm", "StaffRequestForm"]


class PortalPhoneForm(forms.Form):
    phone = PhoneField(label=_("Twój numer telefonu komórkowego"))


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Adres e-mail Twojego konta"), max_length=254,
        error_messages={"required": _("Podaj adres e-mail konta."), "invalid": _("To nie jest poprawny adres e-mail.")},
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Rozumiem, że usunięcia nie da się cofnąć."),
        error_messages={"required": _("Zaznacz, że rozumiesz, że usunięcia nie da się cofnąć.")},
    )


class StaffRequestForm(forms.ModelForm):
    """A request received by e-mail or letter, registered by staff in the admin."""

    class Meta:
        model = DataSubjectRequest
        fields = ["kind", "channel", "received_at", "phone", "email", "contact", "notes"]

    def clean_phone(self):
        raw = self.cleaned_data.get("phone", "")
        return parse_mobile(raw).e164 if raw.strip() else ""

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("phone") and not data.get("email"):
            raise ValidationError(_("Podaj numer telefonu albo adres e-mail osoby, której dotyczy wniosek."))
        return data
