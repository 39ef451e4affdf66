"""Forms with consents: the 2FA enrollment form, signup, and the staff export form."""

from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zgoda.accounts.api import BaseChangeNumberForm, BaseEnrollmentForm, BaseTwofaDisableForm, use_glossary

from . import notice
from .boxes import ConsentBoxesMixin, full_text_links, make_box, text_entry
from .internal.flows import ledger, signup, texts
from .internal.flows.export import FORMATS, ExportError, parse_filters
from .models import Purpose

MARKETING_BOX = "consent_sms_marketing"
TERMS_BOX = "consent_terms"
TERMS_PURPOSES = [Purpose.TERMS, Purpose.PRIVACY]


class ConsentEnrollmentForm(ConsentBoxesMixin, BaseEnrollmentForm):
    """The phone number, the terms box when the current terms aren't accepted yet and the
    optional marketing box, then the privacy notice. 2FA never depends on any of the boxes."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.language = texts.language_code()
        self.notice = texts.current_text(Purpose.TWOFA, self.language)
        if self.notice is not None:
            self.fields["phone"].help_text = format_html(
                "{} {}", self.notice.label, full_text_links([self.notice])
            )
        needs_terms = user is None or not all(ledger.holds(user, p) for p in TERMS_PURPOSES)
        boxes = [
            make_box(TERMS_BOX, TERMS_PURPOSES, self.language) if needs_terms else None,
            make_box(MARKETING_BOX, [Purpose.SMS_MARKETING], self.language),
        ]
        self.add_boxes(boxes)
        self.privacy_notice = notice.first_layer(self.language)

    def payload(self) -> dict:
        """Kept on the code challenge: written to the ledger only once the code confirms the number."""
        return {
            "form": "twofa_enrollment",
            "language": self.language,
            "shown_at": timezone.now().isoformat(),
            "twofa": text_entry(self.notice) if self.notice else None,
            "consents": self.ticked_entries(),
        }


WITHDRAW_BOX = "withdraw_marketing"


class MarketingChoiceMixin:
    """When the 2FA number changes or 2FA goes off, say plainly what happens to the marketing
    consent and offer a box to withdraw it in the same step (only while one is granted). The
    answer travels in the payload; internal/flows/enrollment.py acts on it."""

    withdraw_label = ""
    what_happens = ""

    def add_marketing_choice(self):
        state = ledger.state_of(self.user, Purpose.SMS_MARKETING) if self.user is not None else None
        if state is not None and state.granted:
            self.fields[WITHDRAW_BOX] = forms.BooleanField(
                required=False, label=self.withdraw_label, help_text=self.what_happens)

    def payload(self) -> dict:
        payload = super().payload()
        if self.cleaned_data.get(WITHDRAW_BOX):
            payload |= {"withdraw_marketing": True, "label": str(self.withdraw_label)}
        return payload


class ConsentChangeNumberForm(MarketingChoiceMixin, BaseChangeNumberForm):
    withdraw_label = _("Zamiast tego wycofuję zgodę na SMS-y marketingowe")
    what_happens = _("Twoja zgoda na SMS-y marketingowe przejdzie na nowy numer, gdy potwierdzisz go kodem. "
                     "Zaznacz, jeśli wolisz ją wtedy wycofać.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_marketing_choice()


class ConsentTwofaDisableForm(MarketingChoiceMixin, BaseTwofaDisableForm):
    withdraw_label = _("Wycofuję też zgodę na SMS-y marketingowe")
    what_happens = _("Wyłączenie logowania dwuetapowego nie zmienia zgody na SMS-y marketingowe: Twój numer "
                     "zostaje na liście, dopóki jej nie wycofasz. Zaznacz, aby wycofać ją teraz.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_marketing_choice()


class ConsentSignupForm(ConsentBoxesMixin, SignupForm):
    """allauth's signup with the required terms and privacy policy box, then the privacy notice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_glossary(self)
        box = make_box(TERMS_BOX, TERMS_PURPOSES, required=True)
        self.add_boxes([box])
        self.privacy_notice = notice.first_layer()

    def save(self, request):
        user = super().save(request)
        if user is not None:
            signup.record_signup_consents(request, user, self.ticked_entries())
        return user


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f) for f in FORMATS], initial="csv")
    since = forms.CharField(
        label=_("Zgody udzielone od (RRRR-MM-DD)"), required=False,
        widget=forms.TextInput(attrs={"placeholder": "2026-01-31"}),
    )
    language = forms.ChoiceField(
        label=_("Język zgody"), required=False, choices=[("", _("wszystkie"))] + list(settings.LANGUAGES)
    )

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["filters"] = parse_filters(cleaned.get("format"), cleaned.get("since"), cleaned.get("language"))
        except ExportError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned
