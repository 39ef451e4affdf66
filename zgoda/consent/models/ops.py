"""What staff do with consents: the 2FA invitation log and the export audit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.lib.dates import stamp

from .base import AppendOnlyModel
from .ledger import ConsentEvent


class SecurityInvitation(models.Model):
    """One "turn on 2FA" security message sent to one person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="twofa_invitations", verbose_name=_("osoba")
    )
    email = models.EmailField(_("adres"))
    sent_at = models.DateTimeField(_("wysłano"), default=timezone.now)
    sent_by = models.CharField(_("wysłał(a)"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("zaproszenie do 2FA")
        verbose_name_plural = _("zaproszenia do 2FA: wysłane")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self):
        return f"{self.email} {stamp(self.sent_at, minutes=False)}"


class ExportAudit(AppendOnlyModel):
    """One export of consented numbers: who, when, filters, rows and the file's SHA-256."""

    class Channel(models.TextChoices):
        CLI = "cli", _("wiersz poleceń")
        ADMIN = "admin", _("panel administracyjny")
        API = "api", _("API sklepu")

    created_at = models.DateTimeField(_("kiedy"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("kto")
    )
    actor_label = models.CharField(_("kto (opis)"), max_length=254)
    channel = models.CharField(_("skąd"), max_length=10, choices=Channel.choices)
    format = models.CharField(_("format"), max_length=10)
    filters = models.JSONField(_("filtry"), default=dict)
    destination = models.CharField(_("dokąd"), max_length=500, blank=True)
    row_count = models.PositiveIntegerField(_("wierszy"))
    sha256 = models.CharField(_("SHA-256 pliku"), max_length=64)
    completed = models.BooleanField(_("ukończony"), default=True)

    class Meta:
        verbose_name = _("eksport numerów")
        verbose_name_plural = _("eksporty numerów")
        base_manager_name = "objects"
        ordering = ["-created_at", "-id"]
        permissions = [("export_consents", _("Może eksportować numery ze zgodą marketingową"))]

    def __str__(self):
        return f"{stamp(self.created_at)} {self.format} ({self.row_count})"


class ConsentDashboard(ConsentEvent):
    """The admin's dashboard of consent figures (a page, not a table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("panel zgód")
        verbose_name_plural = _("panel zgód (statystyki)")


class InvitationCandidate(get_user_model()):
    """Accounts seen from the 2FA invitation's side (the admin action lives here)."""

    class Meta:
        proxy = True
        verbose_name = _("konto do zaproszenia")
        verbose_name_plural = _("zaproszenia do 2FA: komu wysłać")
