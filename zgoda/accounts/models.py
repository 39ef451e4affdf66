"""SMS second factor: the confirmed number, code challenges, codes, trusted devices, audit log."""

import uuid

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.lib.dates import stamp


class SmsTwoFactor(models.Model):
    """A user's confirmed 2FA phone number; the row exists only while 2FA is on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_2fa", verbose_name=_("użytkownik"))
    phone = models.CharField(_("numer telefonu"), max_length=20, db_index=True)
    enabled_at = models.DateTimeField(_("włączone"), default=timezone.now)
    phone_confirmed_at = models.DateTimeField(_("numer potwierdzony"), default=timezone.now)

    class Meta:
        verbose_name = _("logowanie dwuetapowe SMS")
        verbose_name_plural = _("logowanie dwuetapowe SMS")

    def __str__(self):
        return f"{self.user} ({self.phone})"


class CodeChallenge(models.Model):
    """One attempt to prove possession of a number: a login, an enrollment, a change..."""

    class Purpose(models.TextChoices):
        LOGIN = "login", _("logowanie")
        ENROLL = "enroll", _("włączenie 2FA")
        CHANGE = "change", _("zmiana numeru")
        DISABLE = "disable", _("wyłączenie 2FA")
        PRIVACY = "privacy", _("portal prywatności")
        API = "api", _("weryfikacja przez API")

    class End(models.TextChoices):
        PASSED = "passed", _("kod przyjęty")
        TOO_MANY_WRONG = "too_many_wrong", _("za dużo błędnych prób")
        ABANDONED = "abandoned", _("porzucone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    phone = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    codes_sent = models.PositiveSmallIntegerField(default=0)
    wrong_attempts = models.PositiveSmallIntegerField(default=0)
    next_send_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=End.choices, blank=True)
    # What the confirmed number unlocks (e.g. consents ticked on the enrollment form).
    payload = models.JSONField(default=dict, blank=True)

    @property
    def is_open(self):
        return self.ended_at is None


class OneTimeCode(models.Model):
    """A code sent by SMS. Only its HMAC is stored; `ordinal` is its number of the day."""

    # db_index off: the (challenge, -created_at) index below serves every look-up by challenge.
    challenge = models.ForeignKey(CodeChallenge, on_delete=models.CASCADE, related_name="codes", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    phone = models.CharField(max_length=20)
    ip = models.GenericIPAddressField(null=True, blank=True)
    code_hmac = models.CharField(max_length=64)
    ordinal = models.PositiveSmallIntegerField()
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    wrong_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    blocked = models.BooleanField(default=False)
    message = models.ForeignKey("sms.Message", null=True, blank=True, on_delete=models.SET_NULL)
    # Whose budget the code drew on (internal/limits.py): the number's owner logging in, the
    # privacy portal, or anyone else (enrollment or change to the number, a shop's API key).
    # `ip` above is what limits count by: an IPv6 address is kept as its /64.
    budget = models.CharField(max_length=8, default="owner")

    class Meta:
        indexes = [
            models.Index(fields=["phone", "created_at"]),
            models.Index(fields=["ip", "created_at"]),
            models.Index(fields=["challenge", "-created_at"]),
            # The hourly cap's count of real codes (limits.py) reads this index alone; it also
            # serves every look-up by time alone (expiry), so created_at has no index of its own.
            models.Index(fields=["created_at", "budget"], name="accounts_otc_created_budget"),
        ]
        ordering = ["-created_at", "-id"]


class DailyCodeCounter(models.Model):
    """How many codes one subject (a user, or a bare number) got on one local day; and, as
    subjects "minute:...", how many codes went out in one minute (all real codes, and those
    of one client network, by a keyed hash), which the limits add up for their hour-long
    windows instead of counting every code in them (internal/code_windows.py)."""

    subject = models.CharField(max_length=80)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    @staticmethod
    def subject_for(user_id=None, phone="", portal=False) -> str:
        """A user's counter, or a bare number's (kept as a keyed hash, not the number): the
        privacy portal's codes to it, or those of every other path without an account."""
        from zgoda.lib import crypto

        if user_id:
            return f"user:{user_id}"
        return ("portal:" if portal else "phone:") + crypto.identifier_hash("subject", phone)

    @classmethod
    def next_number(cls, subject: str, day, minutes: tuple[str, ...] = ()) -> int:
        """Count one more code of `subject` on `day` and return the new count, and one more in
        each of the `minutes` counters (of that day): one upsert (raw SQL: the ORM's upsert
        cannot add to the stored value), three statements a counter elsewhere."""
        from django.db import connections, router

        connection = connections[router.db_for_write(cls)]
        if connection.vendor not in ("sqlite", "postgresql"):
            for name in (*minutes, subject):
                cls.objects.get_or_create(subject=name, day=day)
                cls.objects.filter(subject=name, day=day).update(count=models.F("count") + 1)
            return cls.objects.get(subject=subject, day=day).count
        q = connection.ops.quote_name
        table = q(cls._meta.db_table)
        names = (subject, *minutes)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({q('subject')}, {q('day')}, {q('count')}) VALUES "
                + ", ".join(["(%s, %s, 1)"] * len(names))
                + f" ON CONFLICT ({q('subject')}, {q('day')}) DO UPDATE SET {q('count')} = {table}.{q('count')} + 1 "
                f"RETURNING {q('subject')}, {q('count')}",
                [value for name in names for value in (name, connection.ops.adapt_datefield_value(day))],
            )
            return dict(cursor.fetchall())[subject]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "day"], name="one_counter_per_subject_day")]


class CodeFailureStreak(models.Model):
    """Wrong codes in a row of one account, across logins and days; a right code ends the
    streak, a password reset unlocks it (internal/limits.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="code_failures")
    count = models.PositiveIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)


class PasswordAttempt(models.Model):
    """A password tried at login or at a password prompt, counted by the password limits
    (internal/password_limits.py). It names the client's address and the typed login only
    by keyed hashes, and is deleted within the hour (personal_data.expire)."""

    network_hash = models.CharField(max_length=64)
    login_hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    failed = models.BooleanField(default=True)  # until the password proves right

    class Meta:
        indexes = [
            models.Index(fields=["network_hash", "at"], name="password_attempt_network"),
            models.Index(fields=["login_hash", "at"], name="password_attempt_login"),
        ]


class TrustedDevice(models.Model):
    """A browser that may skip the SMS step. The cookie holds a token; we keep its HMAC."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_devices", verbose_name=_("użytkownik"))
    token_hmac = models.CharField(_("skrót tokenu"), max_length=64, unique=True)
    name = models.CharField(_("urządzenie"), max_length=120)
    ip = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)
    user_agent = models.CharField(_("przeglądarka"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("pierwsze użycie"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("ostatnie użycie"), default=timezone.now)
    revoked_at = models.DateTimeField(_("odwołane"), null=True, blank=True)
    revoke_reason = models.CharField(_("powód odwołania"), max_length=40, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("zaufane urządzenie")
        verbose_name_plural = _("zaufane urządzenia")

    def __str__(self):
        return self.name


class AuditEvent(models.Model):
    class Event(models.TextChoices):
        LOGIN_OK = "login_ok", _("logowanie udane")
        LOGIN_FAILED = "login_failed", _("logowanie nieudane")
        LOGIN_ENDED = "login_ended", _("logowanie przerwane po błędnych kodach")
        CODE_SENT = "code_sent", _("kod wysłany")
        CODE_REFUSED = "code_refused", _("kod niewysłany (limit)")
        CODE_SEND_FAILED = "code_send_failed", _("wysyłka kodu nieudana")
        CODE_ACCEPTED = "code_accepted", _("kod przyjęty")
        CODE_WRONG = "code_wrong", _("kod błędny")
        CODE_TRY_REFUSED = "code_try_refused", _("próba kodu odrzucona (zablokowany, wygasły, użyty)")
        CODE_STEP_LOCKED = "code_step_locked", _("krok z kodem zablokowany po błędnych kodach z rzędu")
        CODE_STEP_UNLOCKED = "code_step_unlocked", _("krok z kodem odblokowany (nowe hasło)")
        DEVICE_TRUSTED = "device_trusted", _("urządzenie zaufane")
        DEVICE_REVOKED = "device_revoked", _("urządzenie odwołane")
        TWOFA_ENABLED = "twofa_enabled", _("2FA włączone")
        TWOFA_DISABLED = "twofa_disabled", _("2FA wyłączone")
        PHONE_CHANGED = "phone_changed", _("numer 2FA zmieniony")
        # A password or app-code prompt (allauth's reauthentication) refused: wrong or over its limits.
        REAUTH_FAILED = "reauth_failed", _("potwierdzenie hasłem nieudane")
        # One of allauth's own account notices (password changed, e-mail changed...) queued.
        ACCOUNT_NOTICE = "account_notice", _("powiadomienie o zmianie konta")
        # The fallbacks (allauth.mfa's authenticator app and recovery codes) and staff-assisted recovery.
        APP_CODE_ACCEPTED = "app_code_accepted", _("kod z aplikacji przyjęty")
        RECOVERY_CODE_USED = "recovery_code_used", _("kod odzyskiwania użyty")
        FACTOR_CODE_WRONG = "factor_code_wrong", _("kod z aplikacji lub kod odzyskiwania błędny")
        FACTOR_CODE_LIMITED = "factor_code_limited", _("kod z aplikacji lub odzyskiwania odrzucony (limit prób)")
        SMS_INSTEAD = "sms_instead", _("SMS zamiast kodu z aplikacji")
        AUTHENTICATOR_ADDED = "authenticator_added", _("aplikacja lub kody odzyskiwania dodane")
        AUTHENTICATOR_REMOVED = "authenticator_removed", _("aplikacja lub kody odzyskiwania usunięte")
        RECOVERY_CODES_GENERATED = "recovery_codes_generated", _("nowe kody odzyskiwania")
        RECOVERY_STARTED = "recovery_started", _("odzyskiwanie przez obsługę: link wysłany")
        RECOVERY_CONFIRMED = "recovery_confirmed", _("odzyskiwanie przez obsługę: tożsamość potwierdzona, 24 h oczekiwania")
        RECOVERY_FINISHED = "recovery_finished", _("odzyskiwanie przez obsługę: 2FA wyzerowane")
        RECOVERY_CANCELLED = "recovery_cancelled", _("odzyskiwanie przez obsługę: anulowane")

    event = models.CharField(_("zdarzenie"), max_length=32, choices=Event.choices, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("użytkownik"))
    ip = models.GenericIPAddressField(_("adres IP"), null=True, blank=True)
    user_agent = models.CharField(_("przeglądarka"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("kiedy"), default=timezone.now, db_index=True)
    details = models.JSONField(_("szczegóły"), default=dict, blank=True)
    # A login's event whose new-device e-mail waits for `zgoda db_worker` (the row is its own
    # task: internal/flows/new_device_notice.py); cleared when the worker takes it.
    notice_due = models.BooleanField(_("e-mail o nowym urządzeniu do wysłania"), default=False)

    @staticmethod
    def identifier_hash(identifier: str) -> str:
        """How a failed login's e-mail is logged: linkable across attempts, not readable."""
        from zgoda.lib import crypto

        return crypto.identifier_hash("audit-identifier", identifier.strip().lower())[:16]

    class Meta:
        verbose_name = _("zdarzenie audytu")
        verbose_name_plural = _("dziennik audytu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["id"], name="accounts_audit_notice_due", condition=models.Q(notice_due=True))]

    def __str__(self):
        return f"{stamp(self.created_at)} {self.get_event_display()}"


class AssistedRecovery(models.Model):
    """Staff-assisted recovery for someone who lost both the phone and the recovery codes.

    Staff start it from the account in the admin; a link by e-mail confirms the person holds
    the account's address; 24 hours later (time for the real owner to see the e-mails and
    stop it) every second factor of the account is removed, so the person logs in with the
    password alone and sets 2FA up again. A second-factor login in between cancels it."""

    class State(models.TextChoices):
        LINK_SENT = "link_sent", _("link wysłany")
        WAITING = "waiting", _("tożsamość potwierdzona, czeka 24 h")
        FINISHED = "finished", _("2FA wyzerowane")
        CANCELLED = "cancelled", _("anulowane")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assisted_recoveries", verbose_name=_("użytkownik"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("rozpoczął"),
    )
    state = models.CharField(_("stan"), max_length=16, choices=State.choices, default=State.LINK_SENT)
    started_at = models.DateTimeField(_("rozpoczęte"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("tożsamość potwierdzona"), null=True, blank=True)
    ready_at = models.DateTimeField(_("2FA wyzerowane od"), null=True, blank=True)
    ended_at = models.DateTimeField(_("zakończone"), null=True, blank=True)

    class Meta:
        verbose_name = _("odzyskiwanie konta przez obsługę")
        verbose_name_plural = _("odzyskiwanie kont przez obsługę")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(state__in=["link_sent", "waiting"]),
                name="one_open_assisted_recovery_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_state_display()})"


class AccountLanguage(models.Model):
    """The language the account's person uses, so an SMS sent without a page in front of
    them (a login's code, in a fresh browser) speaks it: set at signup and enrollment, when
    they switch language while logged in, or pick one before logging in (internal/flows/language.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_choice")
    language = models.CharField(_("język"), max_length=8)
    updated_at = models.DateTimeField(_("zmieniony"), auto_now=True)

    class Meta:
        verbose_name = _("język konta")
        verbose_name_plural = _("języki kont")

    def __str__(self):
        return self.language


class Session(AbstractBaseSession):
    """A browser's session (Django's columns) with the account it is about: the one logged in,
    or the one whose login waits for its code (sessions.py keeps it so). The session and that
    account are read in one statement on every request, and an account's sessions are found
    by it, not by decoding every session."""

    # No database constraint: a save racing the account's deletion must not fail the request
    # (deleting an account still deletes its sessions, through Django's collector).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             db_constraint=False, related_name="+", verbose_name=_("użytkownik"))

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("sesja")
        verbose_name_plural = _("sesje")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
