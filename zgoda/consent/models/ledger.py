"""The consent ledger (append-only) and the current state derived from it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.lib.dates import stamp

from .base import AppendOnlyModel
from .subjects import NumberSubject
from .texts import ConsentText, Purpose

# Exactly one subject per row: an account, or a number with no account (NumberSubject).
ONE_SUBJECT = models.Q(user__isnull=False, number_subject__isnull=True) | models.Q(
    user__isnull=True, number_subject__isnull=False
)


class Source(models.TextChoices):
    SIGNUP = "signup", _("rejestracja")
    TWOFA_ENROLLMENT = "twofa_enrollment", _("włączenie 2FA")
    ACCOUNT_SETTINGS = "account_settings", _("ustawienia konta")
    RECONSENT = "reconsent", _("ponowna zgoda po zmianie treści")
    PRIVACY_PORTAL = "privacy_portal", _("portal prywatności")
    ADMIN = "admin", _("panel administracyjny")
    IMPORT = "import", _("import")
    OPTOUT_LINK = "optout_link", _("link wypisu z SMS-a")
    SMS_REPLY = "sms_reply", _("odpowiedź SMS (STOP)")
    API = "api", _("API sklepu")


class Action(models.TextChoices):
    GRANTED = "granted", _("udzielona")
    WITHDRAWN = "withdrawn", _("wycofana")


class ConsentEvent(AppendOnlyModel):
    """Who, when, which text, how: one grant or withdrawal. Never updated, never deleted."""

    # Foreign keys without indexes of their own where a composite index already leads
    # with the column, or where the only use would be a delete the ledger refuses anyway:
    # fewer indexes keep bulk loads and every append fast.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_events", verbose_name=_("osoba"),
        db_index=False, null=True, blank=True,
    )
    number_subject = models.ForeignKey(
        NumberSubject, on_delete=models.PROTECT, related_name="events", verbose_name=_("numer bez konta"),
        db_index=False, null=True, blank=True,
    )
    purpose = models.CharField(_("cel"), max_length=20, choices=Purpose.choices)
    action = models.CharField(_("zdarzenie"), max_length=10, choices=Action.choices)
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="events", verbose_name=_("wersja"), db_index=False
    )
    created_at = models.DateTimeField(_("kiedy"), default=timezone.now)
    source = models.CharField(_("skąd"), max_length=20, choices=Source.choices)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    user_agent = models.CharField(_("przeglądarka"), max_length=500, blank=True)
    label = models.TextField(_("widziany tekst"), blank=True)
    phone = models.CharField(_("numer"), max_length=20, blank=True)
    details = models.JSONField(_("szczegóły"), default=dict, blank=True)

    class Meta:
        verbose_name = _("zdarzenie zgody")
        verbose_name_plural = _("rejestr zgód")
        base_manager_name = "objects"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "purpose", "id"]),
            models.Index(fields=["purpose", "action", "source", "created_at"]),
            models.Index(fields=["number_subject", "purpose", "id"], condition=models.Q(number_subject__isnull=False),
                         name="consent_event_number_subject"),
        ]
        constraints = [models.CheckConstraint(condition=ONE_SUBJECT, name="consent_event_one_subject")]

    def __str__(self):
        return f"{stamp(self.created_at)} {self.get_purpose_display()}: {self.get_action_display()}"


class ConsentState(models.Model):
    """The latest event per person and purpose, kept beside the ledger in the same
    transaction so that reads and exports need no scan of the whole history.
    `flows.ledger.rebuild_state()` derives it again from the ledger alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_states", db_index=False,
        null=True, blank=True,
    )
    number_subject = models.ForeignKey(
        NumberSubject, on_delete=models.CASCADE, related_name="states", db_index=False, null=True, blank=True
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    event = models.ForeignKey(ConsentEvent, on_delete=models.PROTECT, related_name="+", db_index=False)
    granted = models.BooleanField()
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+", db_index=False)
    at = models.DateTimeField()
    source = models.CharField(max_length=20, choices=Source.choices)
    # The newer version the person answered "not now" to on the re-consent page.
    dismissed_text = models.ForeignKey(
        ConsentText, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose"], name="one_state_per_user_purpose"),
            models.UniqueConstraint(fields=["number_subject", "purpose"], name="one_state_per_number_purpose",
                                    condition=models.Q(number_subject__isnull=False)),
            models.CheckConstraint(condition=ONE_SUBJECT, name="consent_state_one_subject"),
        ]
        indexes = [models.Index(fields=["purpose", "granted", "text"])]
