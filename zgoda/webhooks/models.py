"""Subscriptions, the events sent to them, one delivery per (event, subscription) and every
attempt of a delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The events a subscription may ask for, with what the admin shows for each.
EVENT_CHOICES = [
    ("consent.granted", _("zgoda udzielona")),
    ("consent.withdrawn", _("zgoda wycofana")),
    ("subject.erased", _("osoba usunięta (RODO art. 17)")),
    ("sms.stop_received", _("odpowiedź STOP")),
    ("verification.approved", _("weryfikacja numeru zatwierdzona")),
    ("campaign.finished", _("kampania zakończona")),
]


class Subscription(models.Model):
    url = models.URLField(_("adres URL"), max_length=2000)
    description = models.CharField(_("opis"), max_length=200, blank=True)
    events = models.JSONField(_("zdarzenia"), default=list)
    # The signing secret (whsec_...), encrypted with a key derived from the hash key (secret.py).
    secret_encrypted = models.TextField(_("sekret (zaszyfrowany)"), editable=False)
    active = models.BooleanField(_("aktywna"), default=True)
    disabled_reason = models.CharField(_("powód wyłączenia"), max_length=200, blank=True)
    # The REST API key that created it (None: created in the admin); a plain id, restapi sits above us.
    api_key_id = models.BigIntegerField(_("klucz API"), null=True, blank=True, db_index=True)
    # Made with a REST API sandbox (test) key: receives no events of real people.
    sandbox = models.BooleanField(_("testowa"), default=False, editable=False)
    created_at = models.DateTimeField(_("utworzona"), auto_now_add=True)

    class Meta:
        verbose_name = _("subskrypcja webhooka")
        verbose_name_plural = _("subskrypcje webhooków")
        ordering = ["-created_at"]

    def __str__(self):
        return self.description or self.url

    def wants(self, event_type: str) -> bool:
        return self.active and event_type in (self.events or [])


class Event(models.Model):
    """One event; its id (msg_...) goes out as `webhook-id` on every attempt and resend."""

    id = models.CharField(_("identyfikator"), max_length=40, primary_key=True)
    type = models.CharField(_("typ"), max_length=40, choices=EVENT_CHOICES)
    payload = models.JSONField(_("dane zdarzenia"))
    # The number (E.164) in the payload, if any, and the account reference: to find and erase them.
    phone = models.CharField(_("numer"), max_length=20, blank=True, db_index=True)
    account = models.CharField(_("konto"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("utworzone"), db_index=True)

    class Meta:
        verbose_name = _("zdarzenie webhooka")
        verbose_name_plural = _("zdarzenia webhooków")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("w toku")
        DELIVERED = "delivered", _("doręczone")
        FAILED = "failed", _("nieudane")
        CANCELLED = "cancelled", _("anulowane")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries",
                              verbose_name=_("zdarzenie"))
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("subskrypcja"))
    status = models.CharField(_("stan"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    attempts = models.PositiveSmallIntegerField(_("próby"), default=0)
    next_attempt_at = models.DateTimeField(_("następna próba"), null=True, blank=True)
    # Set while a worker sends it: another one does not claim it before this time.
    claimed_until = models.DateTimeField(_("zajęte przez proces do"), null=True, blank=True)
    resend = models.BooleanField(_("ponowna wysyłka"), default=False)
    created_at = models.DateTimeField(_("utworzone"), db_index=True)
    finished_at = models.DateTimeField(_("zakończone"), null=True, blank=True)

    class Meta:
        verbose_name = _("doręczenie webhooka")
        verbose_name_plural = _("doręczenia webhooków")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.event_id} → {self.subscription}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log",
                                 verbose_name=_("doręczenie"))
    number = models.PositiveSmallIntegerField(_("nr próby"))
    started_at = models.DateTimeField(_("początek"), db_index=True)
    duration_ms = models.PositiveIntegerField(_("czas (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("kod HTTP"), null=True, blank=True)
    error = models.CharField(_("błąd"), max_length=300, blank=True)
    response_excerpt = models.CharField(_("początek odpowiedzi"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("próba doręczenia")
        verbose_name_plural = _("próby doręczenia")
        ordering = ["started_at"]

    def __str__(self):
        return f"#{self.number} {self.status_code or self.error[:40]}"
