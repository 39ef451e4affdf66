"""The message log: every SMS Zgoda sends, from queued to delivered or failed."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Kind(models.TextChoices):
        OTP = "otp", _("kod jednorazowy")
        SERVICE = "service", _("wiadomość serwisowa")
        MARKETING = "marketing", _("marketing")

    class Status(models.TextChoices):
        QUEUED = "queued", _("w kolejce")
        SUBMITTED = "submitted", _("przekazana do operatora")
        DELIVERED = "delivered", _("doręczona")
        FAILED = "failed", _("nieudana")
        EXPIRED = "expired", _("wygasła")

    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    to = models.CharField(_("odbiorca"), max_length=20, db_index=True)
    sender = models.CharField(max_length=11, blank=True)
    text = models.TextField()
    encoding = models.CharField(max_length=8)
    segments = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    provider = models.CharField(max_length=40, blank=True)
    provider_message_id = models.CharField(max_length=120, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wiadomość SMS")
        verbose_name_plural = _("wiadomości SMS")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to} ({self.get_status_display()})"


class OutboxEntry(models.Model):
    """What the dev phone shows: messages the `outbox` provider 'delivered'."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="outbox_entry")
    to = models.CharField(max_length=20)
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]
