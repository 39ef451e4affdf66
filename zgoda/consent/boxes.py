"""Consent boxes on forms: each carries the exact versions shown, so a stale or forged
submission is recognised and refused instead of recorded. A consent is recorded only from
its own ticked box."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .internal.flows import texts
from .models import ConsentText, Purpose

PREFIX = "consent_"


@dataclass
class ConsentBox:
    name: str  # the form field, e.g. consent_sms_marketing
    texts: list  # the ConsentText versions the box covers (first one gives the label)
    required: bool = False

    @property
    def label(self) -> str:
        return self.texts[0].label

    @property
    def value(self) -> str:
        """What a ticked box submits: the ids of the versions shown."""
        return ",".join(str(t.pk) for t in self.texts)

    def entries(self) -> list[dict]:
        """One ledger entry per purpose, with the label exactly as shown."""
        return [
            {"purpose": t.purpose, "text": t.pk, "sha256": t.sha256, "label": self.label} for t in self.texts
        ]


def make_box(name, purposes, language=None, required=False) -> ConsentBox | None:
    shown = [texts.current_text(purpose, language) for purpose in purposes]
    if not shown or any(t is None for t in shown):
        return None
    return ConsentBox(name=name, texts=shown, required=required)


def full_text_links(versions) -> str:
    return format_html_join(
        " · ", '<a href="{}" target="_blank" rel="noopener">{}</a>',
        (
            (reverse("consent:text", args=[t.pk]),
             _("%(name)s – pełna treść (wersja %(version)s)") % {"name": capfirst(t.get_purpose_display()), "version": t.version})
            for t in versions
        ),
    )


class ValueCheckbox(forms.CheckboxInput):
    """A checkbox whose value names what was shown; the submitted value comes back raw."""

    def __init__(self, box_value, attrs=None):
        super().__init__(attrs)
        self.box_value = box_value

    def format_value(self, value):
        return self.box_value

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


class ConsentBoxField(forms.Field):
    def __init__(self, box: ConsentBox, **kwargs):
        self.box = box
        super().__init__(
            required=box.required, label=box.label, help_text=full_text_links(box.texts),
            widget=ValueCheckbox(box.value),
            error_messages={"required": _("Zaznacz to pole, aby kontynuować.")}, **kwargs,
        )

    def clean(self, value):
        if not value:
            super().clean(None)  # raises "required" for a required box
            return None
        if value != self.box.value:
            raise ValidationError(
                _("Treść tej zgody zmieniła się, zanim wysłano formularz. "
                  "Przeczytaj aktualną wersję i zaznacz pole ponownie."),
                code="stale_version",
            )
        return self.box


class ConsentBoxesMixin:
    """For forms with consent boxes: refuses boxes the form doesn't have and stale versions;
    `ticked_boxes()` says what the person agreed to: each box its own tick, nothing else.

    "Select all" is a convenience of the page (zgoda/static/zgoda/site.js ticks the boxes
    in the browser): it has no name, and a submitted `select_all` records nothing."""

    boxes: list

    def add_boxes(self, boxes):
        self.boxes = [b for b in boxes if b is not None]
        for box in self.boxes:
            self.fields[box.name] = ConsentBoxField(box)

    @property
    def offers_select_all(self) -> bool:
        """The page shows "select all" (after the boxes, with JavaScript) for two boxes or more."""
        return len(self.boxes) >= 2

    def clean(self):
        cleaned = super().clean()
        for key in self.data:
            if key.startswith(PREFIX) and key not in self.fields:
                purpose = key[len(PREFIX):]
                if purpose in Purpose.values:
                    message = _("Ten formularz nie zbiera zgody „%(purpose)s”. Nic nie zapisano.")
                else:
                    message = _("Nie ma takiej zgody: „%(purpose)s”. Nic nie zapisano.")
                self.add_error(None, ValidationError(message % {"purpose": purpose}, code="unknown_consent"))
        return cleaned

    def ticked_boxes(self) -> list[ConsentBox]:
        return [box for box in self.boxes if self.cleaned_data.get(box.name)]

    def ticked_entries(self) -> list[dict]:
        return [entry for box in self.ticked_boxes() for entry in box.entries()]


def text_entry(text: ConsentText) -> dict:
    return {"purpose": text.purpose, "text": text.pk, "sha256": text.sha256, "label": text.label}
