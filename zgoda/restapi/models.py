"""API keys of the REST API and the responses kept for Idempotency-Key."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a key may do; a key without the scope an endpoint needs gets 403.
SCOPES = {
    "verifications": _("weryfikacje numerów kodem SMS"),
    "consents:read": _("odczyt zgód i tekstów zgód"),
    "consents:write": _("zapis zgód i wycofań"),
    "lists:read": _("lista numerów marketingowych i wycofań"),
    "webhooks": _("subskrypcje webhooków"),
}


class ApiKey(models.Model):
    """A shop's key: `zk_<kind>_<prefix>_<secret>`. Only an HMAC of the secret is kept; the
    public prefix finds the row."""

    class Kind(models.TextChoices):
        LIVE = "live", _("produkcyjny")
        SANDBOX = "sandbox", _("testowy (SMS-y tylko na telefon deweloperski)")

    name = models.CharField(_("nazwa"), max_length=100)
    prefix = models.CharField(_("początek klucza"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("skrót sekretu"), max_length=64, editable=False)
    scopes = models.CharField(_("uprawnienia"), max_length=200, help_text=_("Oddzielone spacjami."))
    kind = models.CharField(_("rodzaj"), max_length=8, choices=Kind.choices, default=Kind.LIVE)
    rate_limit = models.PositiveIntegerField(
        _("limit zapytań na minutę"), null=True, blank=True, help_text=_("Puste: wartość domyślna."))
    created_at = models.DateTimeField(_("utworzony"), default=timezone.now)
    last_used_at = models.DateTimeField(_("ostatnie użycie"), null=True, blank=True)
    expires_at = models.DateTimeField(_("wygasa"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("unieważniony"), null=True, blank=True)

    class Meta:
        verbose_name = _("klucz API")
        verbose_name_plural = _("klucze API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.display_prefix})"

    @property
    def display_prefix(self) -> str:
        return f"zk_{'test' if self.kind == self.Kind.SANDBOX else 'live'}_{self.prefix}"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def is_sandbox(self) -> bool:
        return self.kind == self.Kind.SANDBOX

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class IdempotencyRecord(models.Model):
    """The response to a POST with an Idempotency-Key, replayed for the same key and body
    within ZGODA_API_IDEMPOTENCY_HOURS. `status` is null while the first request runs."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)  # keyed hash of method, path and body
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # The response body: may name a phone number (personal_data.py expires and erases it).
    response_body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="restapi_one_response_per_key")]
