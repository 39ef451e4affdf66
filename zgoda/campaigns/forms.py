"""The composer, the test send and the landing-page builder: validation only, in Polish."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from zgoda.lib.phone import parse_mobile
from zgoda.sms import api as sms

from .internal.flows import audience, compose
from .models import Campaign, LandingPage
from .widgets import ComposerTextarea

SENDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-]*$")
IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"RIFF": "image/webp"}
MAX_IMAGE = 500 * 1024


class CampaignForm(forms.ModelForm):
    provider = forms.ChoiceField(label=capfirst(gettext_lazy("bramka")))
    language = forms.ChoiceField(label=capfirst(gettext_lazy("język zgody")), required=False)
    landing_page = forms.ChoiceField(
        label=capfirst(gettext_lazy("strona kampanii")), required=False,
        help_text=gettext_lazy("Wybór wstawia do treści link do strony: {link:/p/adres/}."))

    class Meta:
        model = Campaign
        fields = ["name", "slug", "text", "landing_page", "sender", "provider", "language", "consent_since", "twofa",
                  "send_at", "ucs2_confirmed"]  # fmt: skip
        widgets = {"text": ComposerTextarea(attrs={"rows": 6, "cols": 56})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A campaign past scheduling shows every field read-only: its form has none of these.
        if "provider" in self.fields:
            self.fields["provider"].choices = [(n, n) for n in sms.provider_names()]
        if "language" in self.fields:
            self.fields["language"].choices = [("", _("wszystkie"))] + [(c, n) for c, n in settings.LANGUAGES]
        if "landing_page" in self.fields:
            pages = LandingPage.objects.order_by("title").values_list("slug", "title")
            self.fields["landing_page"].choices = [("", _("— bez strony —"))] + [
                (slug, f"{title} (/p/{slug}/)") for slug, title in pages]
            self.fields["landing_page"].initial = compose.landing_slug_of(self.instance.text or "")
        if not self.instance.pk and "sender" in self.fields:
            self.fields["sender"].initial = sms.sender()
        if "text" in self.fields:
            self.fields["text"].help_text = _(
                "Link śledzony: {link:https://sklep.pl/promocja} albo do strony kampanii: {link:/p/adres/} "
                "(wybierz ją z listy poniżej). Stopka z podstawą prawną i linkiem wypisu dochodzi sama.")
            self.fields["text"].widget.composer = self._composer_start()
        self.analysis = None

    def _composer_start(self) -> dict:
        """The counter's first numbers, rendered with the page (no flash of zeros before the script asks)."""
        campaign = self.instance
        choices = self.fields["provider"].choices if "provider" in self.fields else []
        provider = campaign.provider or (choices[0][0] if choices else "")
        recipients = audience.count(language=campaign.language, since_day=campaign.consent_since,
                                    twofa=campaign.twofa)
        return compose.composer_numbers(campaign.text or "", recipients, provider, campaign.language)

    def clean_sender(self):
        sender = self.cleaned_data["sender"].strip()
        if len(sender) > 11 or not sms.is_gsm7(sender) or not SENDER.match(sender):
            raise forms.ValidationError(
                _("Nadawca: najwyżej 11 liter, cyfr, spacji, kropek lub myślników (bez polskich znaków)."))
        if sender.isdigit():
            raise forms.ValidationError(_("Nadawca nie może składać się z samych cyfr: dodaj literę."))
        return sender

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        errors = compose.text_errors(text)
        if errors:
            raise forms.ValidationError(errors)
        return text

    def clean(self):
        data = super().clean()
        if self.instance.pk and not self.instance.editable:
            raise forms.ValidationError(_("Kampanii w stanie „%(state)s” nie można już zmieniać.")
                                        % {"state": self.instance.get_state_display()})
        text = data.get("text")
        if text and data.get("landing_page") and not compose.LINK.search(text):
            # Without the script the picker still works: the page's link goes at the end.
            data["text"] = text = f"{text} {compose.landing_link(data['landing_page'])}"
            self.instance.text = text
        if not text or not data.get("provider"):
            return data
        recipients = audience.count(language=data.get("language") or "", since_day=data.get("consent_since"),
                                    twofa=data.get("twofa") or "")
        self.analysis = analysis = compose.analyze(text, recipients, data["provider"], data.get("language") or "")
        if analysis.ucs2 and not data.get("ucs2_confirmed"):
            self.add_error("text", _(
                "Z tym tekstem SMS pójdzie jako UCS-2 (%(segments)d części zamiast %(gsm)d): drożej. Zamień "
                "znaki spoza GSM-7, np. na: „%(normalized)s”, albo zaznacz zgodę na UCS-2."
            ) % {"segments": analysis.segments, "gsm": analysis.normalized_segments,
                 "normalized": analysis.normalized})
        return data


class TestSendForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("numer do testu"), max_length=32)

    def clean_phone(self):
        return parse_mobile(self.cleaned_data["phone"]).e164


class LandingPageForm(forms.ModelForm):
    cta_url = forms.URLField(label=capfirst(gettext_lazy("dokąd prowadzi przycisk")), max_length=500, assume_scheme="https")
    upload = forms.FileField(label=capfirst(gettext_lazy("obrazek")), required=False,
                             help_text=gettext_lazy("JPEG, PNG lub WebP, najwyżej 500 KB."))

    class Meta:
        model = LandingPage
        fields = ["slug", "title", "body", "cta_label", "cta_url"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > MAX_IMAGE:
            raise forms.ValidationError(_("Obrazek jest za duży: najwyżej 500 KB."))
        data = upload.read()
        kind = next((t for magic, t in IMAGE_TYPES.items() if data.startswith(magic)), None)
        if kind is None or (kind == "image/webp" and data[8:12] != b"WEBP"):
            raise forms.ValidationError(_("To nie jest obrazek JPEG, PNG ani WebP."))
        return data, kind

    def save(self, commit=True):
        page = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        if upload:
            page.image, page.image_type = upload
        if commit:
            page.save()
        return page
