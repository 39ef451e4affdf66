"""Campaigns, their recipients (snapshotted at start), tracked-link clicks, conversions
and landing pages."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LandingPage(models.Model):
    """A light, mobile-first page a campaign link may lead to: title, image, text, one button."""

    slug = models.SlugField(_("adres"), max_length=60, unique=True, help_text=_("Strona będzie pod /p/<adres>/."))
    title = models.CharField(_("tytuł"), max_length=120)
    # The image lives in the database (no media storage to set up), served at /p/<slug>/image.
    image = models.BinaryField(_("obrazek"), blank=True, default=b"")
    image_type = models.CharField(_("rodzaj obrazka"), max_length=20, blank=True)
    body = models.TextField(_("treść"), help_text=_("Zwykły tekst; pusta linia zaczyna nowy akapit."))
    cta_label = models.CharField(_("napis na przycisku"), max_length=40)
    cta_url = models.URLField(_("dokąd prowadzi przycisk"), max_length=500)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("strona kampanii")
        verbose_name_plural = _("strony kampanii")

    def __str__(self):
        return self.title


class Campaign(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("szkic")
        SCHEDULED = "scheduled", _("zaplanowana")
        SENDING = "sending", _("wysyłana")
        PAUSED = "paused", _("wstrzymana")
        DONE = "done", _("zakończona")
        CANCELLED = "cancelled", _("anulowana")

    class TwoFactor(models.TextChoices):
        ANY = "", _("bez znaczenia")
        YES = "yes", _("tylko z włączonym 2FA")
        NO = "no", _("tylko bez 2FA")

    name = models.CharField(_("nazwa"), max_length=120)
    slug = models.SlugField(_("znacznik (utm_campaign)"), max_length=60, unique=True)
    text = models.TextField(_("treść"), help_text=_("Link śledzony: {link:https://sklep.pl/promocja}. Stopka z "
                                                    "podstawą prawną i linkiem wypisu dochodzi sama."))
    sender = models.CharField(_("nadawca"), max_length=11)
    provider = models.CharField(_("bramka"), max_length=40)
    language = models.CharField(_("język zgody"), max_length=8, blank=True)
    consent_since = models.DateField(_("zgoda udzielona od"), null=True, blank=True)
    twofa = models.CharField(_("2FA"), max_length=3, choices=TwoFactor.choices, blank=True, default="")
    send_at = models.DateTimeField(_("wysyłka od"), null=True, blank=True)
    ucs2_confirmed = models.BooleanField(_("zgadzam się na UCS-2 (droższe)"), default=False)
    state = models.CharField(_("stan"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("utworzył(a)"))
    started_at = models.DateTimeField(_("start"), null=True, blank=True)
    finished_at = models.DateTimeField(_("koniec"), null=True, blank=True)
    audience_size = models.PositiveIntegerField(_("odbiorcy"), default=0)
    # Set while a batch task is queued or running; another is never queued beside it.
    next_run_at = models.DateTimeField(_("następne uruchomienie"), null=True, blank=True)
    last_error = models.TextField(_("ostatni błąd"), blank=True)

    class Meta:
        verbose_name = _("kampania SMS")
        verbose_name_plural = _("kampanie SMS")
        ordering = ["-created_at"]
        permissions = [("view_full_phone", _("Widzi pełne numery w raportach kampanii"))]

    def __str__(self):
        return self.name

    @property
    def editable(self) -> bool:
        """Only a draft: a scheduled campaign was confirmed as it is, so changing it means
        taking it back to a draft (and confirming the send again)."""
        return self.state == self.State.DRAFT


class Recipient(models.Model):
    """One person of a campaign's audience, snapshotted at start; sent at most once."""

    class State(models.TextChoices):
        PENDING = "pending", _("czeka")
        SENDING = "sending", _("w wysyłce")
        SENT = "sent", _("przekazana")
        SKIPPED = "skipped", _("pominięta (brak zgody)")
        FAILED = "failed", _("nieudana")
        UNCERTAIN = "uncertain", _("niepewna (przerwana wysyłka)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             db_index=False)
    phone = models.CharField(max_length=20)
    consent_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claimed_until = models.DateTimeField(null=True, blank=True)
    message = models.ForeignKey("sms.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                db_index=False)
    link_token = models.CharField(max_length=16, null=True, blank=True, unique=True)
    optout_token = models.CharField(max_length=16, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    first_click_at = models.DateTimeField(null=True, blank=True)
    clicks = models.PositiveIntegerField(default=0)
    converted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["campaign", "state", "id"], name="campaign_rcpt_state"),
            models.Index(fields=["phone"], name="campaign_rcpt_phone"),  # erasure finds a person's rows
        ]
        constraints = [models.UniqueConstraint(fields=["campaign", "phone"], name="campaign_rcpt_once_per_phone")]


class LinkClick(models.Model):
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="link_clicks")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["campaign", "at"], name="campaign_click_time")]


class Conversion(models.Model):
    class Source(models.TextChoices):
        CTA = "cta", _("przycisk na stronie kampanii")
        API = "api", _("zgłoszenie sklepu (API)")

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="conversions")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)
    source = models.CharField(max_length=8, choices=Source.choices)
    reference = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["campaign", "at"], name="campaign_conv_time")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "source", "reference"], name="campaign_conv_once")
        ]
