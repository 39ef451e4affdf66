"""Purposes and the versioned texts people consent to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.lib.crypto import sha256_hex

from .base import AppendOnlyModel


class Purpose(models.TextChoices):
    TERMS = "terms", _("regulamin")
    PRIVACY = "privacy", _("polityka prywatności")
    TWOFA = "twofa", _("numer do logowania dwuetapowego")
    SMS_MARKETING = "sms_marketing", _("SMS-y marketingowe")


def text_sha256(label: str, body: str) -> str:
    """The fingerprint of what a person saw: the box label and the full text, UTF-8."""
    return sha256_hex(f"{label}\n\n{body}".encode())


class ConsentText(AppendOnlyModel):
    """One published version of one purpose's text in one language. Never edited:
    a change is a new version; `material` says whether earlier consents stop counting."""

    purpose = models.CharField(_("cel"), max_length=20, choices=Purpose.choices)
    language = models.CharField(_("język"), max_length=8)
    version = models.CharField(_("wersja"), max_length=20, help_text=_("Np. 2.0 albo 2024-05."))
    label = models.TextField(_("tekst przy polu"), help_text=_("Zdanie widoczne przy polu wyboru."))
    body = models.TextField(_("pełna treść"))
    change_note = models.TextField(
        _("co się zmieniło"), blank=True,
        help_text=_("Pokazywane przy logowaniu osobom, których zgoda dotyczyła poprzedniej wersji."),
    )
    material = models.BooleanField(
        _("zmiana istotna"), default=True,
        help_text=_("Istotna zmiana unieważnia zgody udzielone na wcześniejsze wersje; "
                    "nieistotna (np. literówka) je zachowuje."),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    published_at = models.DateTimeField(_("opublikowano"), default=timezone.now, editable=False)
    published_by = models.CharField(_("opublikował(a)"), max_length=254, blank=True, editable=False)

    class Meta:
        verbose_name = _("treść zgody")
        verbose_name_plural = _("treści zgód")
        base_manager_name = "objects"
        ordering = ["purpose", "language", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "language", "version"], name="one_text_per_version"),
        ]
        indexes = [models.Index(fields=["purpose", "language", "published_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.version} ({self.language})"

    def clean(self):
        languages = [code for code, _name in settings.LANGUAGES]
        if self.language not in languages:
            raise ValidationError({"language": _("Nieobsługiwany język: %(lang)s.") % {"lang": self.language}})
        if any(ord(c) < 32 or ord(c) == 127 for c in self.version):
            raise ValidationError({"version": _("Wersja nie może zawierać znaków sterujących.")})
        if self.material and not self.change_note.strip() and self._has_earlier_version():
            raise ValidationError({"change_note": _("Przy istotnej zmianie opisz, co się zmieniło.")})

    def _has_earlier_version(self):
        return ConsentText.objects.filter(purpose=self.purpose, language=self.language).exists()

    def save(self, *args, **kwargs):
        self.sha256 = text_sha256(self.label, self.body)
        super().save(*args, **kwargs)
