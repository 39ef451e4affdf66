"""The number marketing may use, and numbers that must never be reached again."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.lib import crypto

from .ledger import Source

PHONE_HASH_PURPOSE = "consent-phone"
# `via` holds a ledger Source, or "twofa_<purpose>" when the number followed a 2FA number a
# code has just confirmed: people read it in words, never the slug.
VIA_LABELS = {
    **dict(Source.choices), "twofa_enroll": Source.TWOFA_ENROLLMENT.label, "twofa_change": _("zmiana numeru"),
}


def phone_hash(e164: str) -> str:
    """A keyed hash of an E.164 number: suppression entries keep only this."""
    return crypto.identifier_hash(PHONE_HASH_PURPOSE, e164)


class ContactPoint(models.Model):
    """The confirmed number a person's marketing consent applies to.

    Kept apart from the 2FA row, so turning 2FA off keeps the number and the consent;
    it follows a change of the 2FA number (confirmed by a code) and is removed only
    when the person asks."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marketing_contact", null=True, blank=True,
        verbose_name=_("użytkownik"),
    )
    # Or, for a consent tied to a number and no account, that number's subject.
    number_subject = models.OneToOneField(
        "consent.NumberSubject", on_delete=models.CASCADE, related_name="contact", null=True, blank=True,
        verbose_name=_("numer bez konta"),
    )
    phone = models.CharField(_("numer"), max_length=20)
    phone_hash = models.CharField(_("skrót numeru"), max_length=64, db_index=True, editable=False)
    confirmed_at = models.DateTimeField(_("numer potwierdzony"), default=timezone.now)
    via = models.CharField(_("potwierdzony przez"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("numer do SMS-ów marketingowych")
        verbose_name_plural = _("numery do SMS-ów marketingowych")
        constraints = [models.CheckConstraint(
            condition=models.Q(user__isnull=False, number_subject__isnull=True)
            | models.Q(user__isnull=True, number_subject__isnull=False),
            name="contact_point_one_subject",
        )]

    def __str__(self):
        return f"{self.user or self.number_subject} ({self.phone})"

    def get_via_display(self):
        return VIA_LABELS.get(self.via, self.via)

    def save(self, *args, **kwargs):
        self.phone_hash = phone_hash(self.phone)
        if kwargs.get("update_fields") and "phone" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone_hash"}
        super().save(*args, **kwargs)


class Suppression(models.Model):
    """A number (as a keyed hash only) that consents given before `created_at` can't reach.

    A consent given after the entry (a new, fresh grant) counts again."""

    phone_hash = models.CharField(_("skrót numeru"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("kiedy"), default=timezone.now)
    reason = models.CharField(_("powód"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("numer zablokowany")
        verbose_name_plural = _("numery zablokowane")
