"""The message log: every SMS Zgoda sends, from queued to delivered or failed."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


# A single message waiting for a worker's first try (delivery.deliver_next): its own task.
# fastsql._waiting writes it out for SQLite, whose planner matches the index's condition
# term by term (a test checks the plan).
WAITING = models.Q(status="queued", attempts=0, claimed_until__isnull=True, next_attempt_at__isnull=True)


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

    idempotency_key = models.UUIDField(_("klucz idempotencji"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("rodzaj"), max_length=16, choices=Kind.choices)
    to = models.CharField(_("odbiorca"), max_length=20, db_index=True)
    sender = models.CharField(_("nadawca"), max_length=11, blank=True)
    # What the log shows: for a one-time code, the text with the code masked ("*** ***").
    text = models.TextField(_("treść"))
    # The text as it goes out, when `text` is masked: kept only until the message is handed
    # to a gateway, fails or expires, and blanked in the UPDATE that records it. Never shown.
    clear_text = models.TextField(_("treść jawna"), blank=True, default="", editable=False)
    # What the message belongs to, for people reading the log (e.g. a campaign's name).
    tag = models.CharField(_("dotyczy"), max_length=120, blank=True)
    encoding = models.CharField(_("kodowanie"), max_length=8)
    segments = models.PositiveSmallIntegerField(_("części SMS"))
    # No index of its own: sms_msg_due (status, next_attempt_at) serves look-ups by status.
    status = models.CharField(_("stan"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    provider = models.CharField(_("bramka"), max_length=40, blank=True)
    provider_message_id = models.CharField(_("identyfikator u bramki"), max_length=120, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("próby"), default=0)
    last_error = models.TextField(_("ostatni błąd"), blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True, db_index=True)
    submitted_at = models.DateTimeField(_("przekazano bramce"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("doręczono"), null=True, blank=True)
    failed_at = models.DateTimeField(_("niedoręczono"), null=True, blank=True)
    expired_at = models.DateTimeField(_("wygasło"), null=True, blank=True)
    # Delivery bookkeeping (zgoda/sms/delivery.py): the provider in use, attempts on it,
    # providers given up on, when the next try is due, and who is sending it right now.
    country = models.CharField(_("kraj"), max_length=2, blank=True)
    cost = models.DecimalField(_("koszt"), max_digits=10, decimal_places=4, default=0)
    provider_attempts = models.PositiveSmallIntegerField(_("próby w bramkach"), default=0)
    providers_tried = models.JSONField(_("użyte bramki"), default=list, blank=True)
    next_attempt_at = models.DateTimeField(_("następna próba"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("zajęte przez proces do"), null=True, blank=True)
    reported_status = models.CharField(_("status u operatora"), max_length=60, blank=True)
    reported_at = models.DateTimeField(_("raport doręczenia otrzymano"), null=True, blank=True)

    class Meta:
        verbose_name = _("wiadomość SMS")
        verbose_name_plural = _("wiadomości SMS")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="sms_msg_due"),
            models.Index(fields=["provider", "created_at"], name="sms_msg_provider_day"),
            models.Index(fields=["kind", "created_at"], name="sms_msg_kind_day"),
            models.Index(fields=["id"], name="sms_msg_waiting", condition=WAITING),
        ]

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
        # The dev phone's messages of one number (/dev/phone/messages.json?to=) without reading all.
        indexes = [models.Index(fields=["to", "sent_at"], name="sms_outbox_to_sent")]


class SendAttempt(models.Model):
    """One hand-over of a message to a provider, whatever came of it."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("przyjęta")
        TEMPORARY = "temporary", _("błąd przejściowy")
        PERMANENT = "permanent", _("błąd trwały")
        RECIPIENT = "recipient", _("błędny odbiorca")

    @classmethod
    def outcome_of(cls, error) -> str:
        """The outcome a ProviderError (or None: accepted) stands for."""
        if error is None:
            return cls.Outcome.ACCEPTED
        if error.recipient:
            return cls.Outcome.RECIPIENT
        return cls.Outcome.PERMANENT if error.permanent else cls.Outcome.TEMPORARY

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="send_attempts", verbose_name=_("wiadomość"))
    provider = models.CharField(_("bramka"), max_length=40)
    outcome = models.CharField(_("wynik"), max_length=16, choices=Outcome.choices)
    error = models.TextField(_("błąd"), blank=True)
    provider_message_id = models.CharField(_("identyfikator u bramki"), max_length=120, blank=True)
    started_at = models.DateTimeField(_("start"))
    finished_at = models.DateTimeField(_("koniec"))

    class Meta:
        verbose_name = _("próba wysłania SMS")
        verbose_name_plural = _("próby wysłania SMS")
        ordering = ["-finished_at", "-id"]
        indexes = [models.Index(fields=["provider", "finished_at"], name="sms_attempt_provider_time")]


class ProviderHealth(models.Model):
    """Circuit breaker of one configured provider: consecutive failures and when it may be tried again."""

    name = models.CharField(_("nazwa"), max_length=40, primary_key=True)
    consecutive_failures = models.PositiveIntegerField(_("błędy z rzędu"), default=0)
    open_until = models.DateTimeField(_("wstrzymana do"), null=True, blank=True)
    last_error = models.TextField(_("ostatni błąd"), blank=True)
    last_error_at = models.DateTimeField(_("ostatni błąd o"), null=True, blank=True)

    class Meta:
        verbose_name = _("bramka SMS")
        verbose_name_plural = _("bramki SMS")

    def __str__(self):
        return self.name


class InboundMessage(models.Model):
    """An SMS a person sent to us (e.g. STOP), as a provider reported it."""

    provider = models.CharField(_("bramka"), max_length=40)
    provider_message_id = models.CharField(_("identyfikator u bramki"), max_length=120, blank=True)
    sender = models.CharField(_("nadawca"), max_length=32, db_index=True)
    recipient = models.CharField(_("odbiorca"), max_length=32, blank=True)
    text = models.TextField(_("treść"))
    received_at = models.DateTimeField(_("otrzymano"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("SMS przychodzący")
        verbose_name_plural = _("SMS-y przychodzące")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_message_id"],
                condition=~models.Q(provider_message_id=""),
                name="sms_inbound_once_per_provider_id",
            )
        ]

    def __str__(self):
        return f"{self.sender}: {self.text[:40]}"


class SpendDay(models.Model):
    """One row per local day and kind: the lock that serialises the spend-cap check,
    and when staff were told the cap was reached (once a day)."""

    day = models.DateField()
    kind = models.CharField(max_length=16)
    cap_reached_at = models.DateTimeField(null=True, blank=True)
    staff_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "kind"], name="sms_spend_one_row_per_day_kind")]
