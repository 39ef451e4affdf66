"""Number-only data subjects: a shop that uses only the REST API has customers without
Zgoda accounts. Their consents rest on a number proved by a code, never on an account, and
they wait in `PendingConsent` until that proof (double opt-in)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.lib.dates import stamp

from .texts import ConsentText, Purpose


class NumberSubject(models.Model):
    """One subject per number for every consent tied to a number and no account (whichever
    shop's API key posted it). It never becomes or touches an account: an account holding
    the same number is a separate subject. Erasure blanks `phone_hash`: the anonymized
    ledger rows stay (as proof that consents existed) but no longer lead to the number, and
    a later consent for the number starts a new subject."""

    phone_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("osoba znana tylko z numeru")
        verbose_name_plural = _("osoby znane tylko z numeru")
        constraints = [models.UniqueConstraint(fields=["phone_hash"], name="one_number_subject_per_number")]

    def __str__(self):
        return _("numer bez konta #%(id)s") % {"id": self.pk}


class PendingConsent(models.Model):
    """A consent a shop collected on its own form and posted through the API, kept out of
    the append-only ledger until a code to the number is typed back (within
    `PENDING_HOURS`). Then it is appended to the ledger with the shop's time, IP, browser
    and shown label as the proof, and this row goes; unconfirmed rows expire."""

    phone = models.CharField(_("numer"), max_length=20, db_index=True)
    purpose = models.CharField(_("cel"), max_length=20, choices=Purpose.choices)
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+", verbose_name=_("wersja"))
    label = models.TextField(_("widziany tekst"), blank=True)
    source = models.CharField(_("skąd"), max_length=20, default="api")
    given_at = models.DateTimeField(_("udzielona (według sklepu)"))
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    user_agent = models.CharField(_("przeglądarka"), max_length=500, blank=True)
    reference = models.CharField(_("identyfikator klienta w sklepie"), max_length=100, blank=True)
    api_key_id = models.IntegerField(_("klucz API"), null=True, blank=True)
    # Posted with a REST API sandbox key: test data, never confirmed, shown only to that key.
    sandbox = models.BooleanField(_("testowa"), default=False)
    created_at = models.DateTimeField(_("przyjęta"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("zgoda czekająca na potwierdzenie numeru")
        verbose_name_plural = _("zgody czekające na potwierdzenie numeru")

    def __str__(self):
        return f"{self.get_purpose_display()} {stamp(self.created_at)}"
