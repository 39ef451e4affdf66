"""Opt-out links and the log of data-subject requests (RODO art. 12: one month to answer)."""

import calendar
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.lib.dates import stamp


def one_month_after(moment: datetime) -> datetime:
    """The legal deadline: the same day of the next month (the month's last day if it has
    no such day), RODO art. 12(3)."""
    local = timezone.localtime(moment)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


class OptOutToken(models.Model):
    """One recipient's opt-out link (/o/<token>) as put in one marketing SMS.

    The token is the primary key: a lookup is one index probe. `phone` is blanked and
    `erased_at` set when the person's data is erased, so the link can say so."""

    token = models.CharField(_("token"), max_length=16, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False, related_name="+",
        verbose_name=_("użytkownik"),
    )
    phone = models.CharField(_("numer"), max_length=20, blank=True, db_index=True)
    # After the number's retention period: only its keyed hash, which still withdraws and suppresses it.
    phone_hash = models.CharField(_("skrót numeru"), max_length=64, blank=True, editable=False)
    source = models.CharField(_("skąd"), max_length=40, default="campaign")
    created_at = models.DateTimeField(_("utworzony"), default=timezone.now)
    used_at = models.DateTimeField(_("użyty"), null=True, blank=True)
    erased_at = models.DateTimeField(_("dane usunięte"), null=True, blank=True)

    class Meta:
        verbose_name = _("link wypisu")
        verbose_name_plural = _("linki wypisu")

    def __str__(self):
        return self.token


class PurgeRun(models.Model):
    """One application of the retention periods (`zgoda purge` or the scheduled task):
    what each app removed or blanked, counted per category."""

    started_at = models.DateTimeField(_("start"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("koniec"), null=True, blank=True)
    trigger = models.CharField(_("uruchomione przez"), max_length=10)
    counts = models.JSONField(_("usunięte lub wyczyszczone"), default=dict, blank=True)

    class Meta:
        verbose_name = _("czyszczenie danych (retencja)")
        verbose_name_plural = _("czyszczenia danych (retencja)")
        ordering = ["-started_at"]

    def __str__(self):
        return stamp(self.started_at)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class AccountLink(models.Model):
    """A one-time link e-mailed to an account's address, for a person who cannot log in
    (or asked from the number portal to have the account deleted). The link carries this
    row's id signed with the secret key; no secret rests here. Following it once gives the
    browser access to the account's privacy page for a while; then it is used up."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8, default="pl")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("link do danych konta")
        verbose_name_plural = _("linki do danych konta")
        indexes = [models.Index(fields=["user", "created_at"])]


class DataSubjectRequest(models.Model):
    """One request of a data subject: access, download, withdrawal or erasure.

    Self-service requests are carried out at once and logged as done; requests received
    by e-mail or letter are registered by staff and carried out from the admin. Only a
    keyed hash identifies the subject once a request is done; `phone`/`email` are kept
    only while an open request needs them."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("wgląd w dane (art. 15)")
        DOWNLOAD = "download", _("pobranie danych (art. 20)")
        WITHDRAWAL = "withdrawal", _("wycofanie zgody / sprzeciw (art. 7 ust. 3, art. 21)")
        ERASURE = "erasure", _("usunięcie danych (art. 17)")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("portal prywatności")
        ACCOUNT = "account", _("konto klienta")
        OPTOUT_LINK = "optout_link", _("link wypisu z SMS-a")
        SMS_REPLY = "sms_reply", _("odpowiedź SMS (STOP)")
        API = "api", _("API sklepu")
        EMAIL = "email", _("e-mail")
        LETTER = "letter", _("list")
        OTHER = "other", _("inny")

    class Status(models.TextChoices):
        OPEN = "open", _("otwarty")
        DONE = "done", _("wykonany")
        REJECTED = "rejected", _("odrzucony")

    kind = models.CharField(_("rodzaj"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("kanał"), max_length=12, choices=Channel.choices)
    status = models.CharField(_("stan"), max_length=10, choices=Status.choices, default=Status.OPEN)
    received_at = models.DateTimeField(_("otrzymany"), default=timezone.now)
    deadline = models.DateTimeField(_("termin"), blank=True)
    completed_at = models.DateTimeField(_("wykonany"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("konto"),
        related_name="+",
    )
    phone = models.CharField(
        _("numer telefonu"), max_length=32, blank=True,
        help_text=_("Numer osoby, której dotyczy wniosek (np. 500 100 200)."),
    )
    email = models.EmailField(_("e-mail konta"), blank=True, help_text=_("Albo adres e-mail jej konta."))
    subject_hash = models.CharField(_("skrót osoby (numeru lub konta)"), max_length=64, blank=True, db_index=True, editable=False)
    contact = models.CharField(
        _("odpowiedź do"), max_length=254, blank=True, help_text=_("Dokąd wysłać odpowiedź (e-mail, adres)."),
    )
    notes = models.TextField(_("notatki"), blank=True)
    handled_by = models.CharField(_("wykonał(a)"), max_length=254, blank=True)
    result = models.JSONField(_("wynik"), default=dict, blank=True)

    class Meta:
        verbose_name = _("wniosek RODO")
        verbose_name_plural = _("wnioski RODO")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.received_at and not self.deadline:
            self.deadline = one_month_after(self.received_at)
        super().save(*args, **kwargs)

    @property
    def days_left(self) -> int | None:
        if self.status != self.Status.OPEN or not self.deadline:
            return None
        return (timezone.localdate(self.deadline) - timezone.localdate()).days

    def near_deadline(self, warning_days: int) -> bool:
        left = self.days_left
        return left is not None and left <= warning_days

    @staticmethod
    def window_end(warning_days: int) -> datetime:
        return timezone.now() + timedelta(days=warning_days)
