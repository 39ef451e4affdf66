"""The accounts app's personal data: the account itself (Django's user, allauth's e-mail
addresses, sessions, the admin log that names it), the 2FA number, code challenges and
codes, trusted devices, the audit log, allauth.mfa's authenticators (app, recovery codes) and
staff-assisted recoveries.

A number subject's data here is who used the portal for it (the IP and browser in the
audit events of its code step); the portal's challenges themselves stay, without an
account, to keep the per-number limits, and are shown to nobody.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from zgoda.lib import personal_data
from zgoda.lib.phone import written_forms
from zgoda.sms import api as sms_api

from . import app_settings
from .internal import password_limits
from .models import (
    AccountLanguage,
    AssistedRecovery,
    AuditEvent,
    CodeChallenge,
    CodeFailureStreak,
    DailyCodeCounter,
    OneTimeCode,
    Session,
    SmsTwoFactor,
    TrustedDevice,
)

ERASED_USERNAME = "usuniety-{pk}"


def emails_of(user_id: int) -> list[str]:
    user = get_user_model().objects.filter(pk=user_id).values_list("email", flat=True).first() or ""
    others = EmailAddress.objects.filter(user_id=user_id).values_list("email", flat=True)
    return list(dict.fromkeys(e.strip().lower() for e in [user, *others] if e))


def _portal_challenges(phones) -> list[str]:
    """Ids of the portal's code challenges (no account) for these numbers, as audit events name them."""
    ids = CodeChallenge.objects.filter(user__isnull=True, phone__in=list(phones) or [""]).values_list("pk", flat=True)
    return [str(pk) for pk in ids]


def _audit_of(subject) -> Q:
    """The subject's audit events: an account's own, the failed logins typed with its
    address, and the portal's code events for the numbers it holds alone; a number's: the
    portal's code events for it (who asked, from which IP and browser)."""
    if isinstance(subject, personal_data.Number):
        return Q(user__isnull=True, details__challenge__in=_portal_challenges([subject.phone]) or [""])
    events = Q(user_id=subject.user_id)
    portal = _portal_challenges(subject.numbers)
    if portal:
        events |= Q(user__isnull=True, details__challenge__in=portal)
    identifiers = [AuditEvent.identifier_hash(e) for e in subject.emails]
    if identifiers:  # failed logins keep a keyed hash of the typed address (signals.py)
        events |= Q(event=AuditEvent.Event.LOGIN_FAILED, details__identifier_hash__in=identifiers)
    return events


def _identifying(events):
    return events.filter(~Q(ip=None) | ~Q(user_agent="") | ~Q(details={}))


def _challenges_of(subject: personal_data.Account):
    return CodeChallenge.objects.filter(
        Q(user_id=subject.user_id) | Q(user__isnull=True, phone__in=subject.numbers or [""])
    )


@personal_data.register
class AccountsPersonalData(personal_data.PersonalData):
    columns = {
        "auth.user": ("username", "first_name", "last_name", "email"),
        "account.emailaddress": ("user", "email"),
        "accounts.session": ("user", "session_data"),
        "sessions.session": ("session_data",),  # Django's own table: emptied by migration 0010, unused since
        "usersessions.usersession": ("user", "ip", "user_agent", "data"),  # the "sessions" page
        "admin.logentry": ("object_repr", "change_message"),
        "accounts.smstwofactor": ("user", "phone"),
        "accounts.codechallenge": ("user", "phone", "payload"),
        "accounts.onetimecode": ("user", "phone", "ip"),
        "accounts.codefailurestreak": ("user",),
        "accounts.trusteddevice": ("user", "ip", "user_agent"),
        "accounts.auditevent": ("user", "ip", "user_agent", "details"),
        # allauth.mfa: the authenticator app's and the recovery codes' (encrypted) seeds
        "mfa.authenticator": ("user", "data"),
        "accounts.assistedrecovery": ("user",),
        "accounts.accountlanguage": ("user",),
        # keyed hashes of the client's address and the typed login, deleted within the hour
        "accounts.passwordattempt": ("network_hash", "login_hash"),
    }
    kept = {
        "accounts.assistedrecovery.started_by": "the staff member who started a recovery (accountability)",
        "admin.logentry.user": "the staff member who acted in the admin (accountability)",
    }

    def numbers_of(self, user_id):
        return set(SmsTwoFactor.objects.filter(user_id=user_id).values_list("phone", flat=True))

    def holders_of(self, phone):
        return set(SmsTwoFactor.objects.filter(phone=phone).values_list("user_id", flat=True))

    def knows(self, phone):
        """The portal's own audit traces of whoever asked are left for every number asked
        about, so they are no sign that Zgoda knows one (holders_of answers for 2FA numbers)."""
        return False

    def find(self, subject):
        if isinstance(subject, personal_data.Number):
            portal = AuditEvent.objects.filter(_audit_of(subject))
            return {"portal_audit_events": portal.filter(~Q(ip=None) | ~Q(user_agent="")).count()}
        user = get_user_model().objects.filter(pk=subject.user_id).first()
        words = [*subject.emails, *(f for n in subject.numbers for f in written_forms(n))]
        return {
            "account": int(bool(user and (user.email or user.is_active or user.first_name or user.last_name))),
            "email_addresses": EmailAddress.objects.filter(user_id=subject.user_id).count(),
            "sms_two_factor": SmsTwoFactor.objects.filter(user_id=subject.user_id).count(),
            "code_challenges": _challenges_of(subject).count(),
            "codes": OneTimeCode.objects.filter(user_id=subject.user_id).count(),
            "code_failure_streak": CodeFailureStreak.objects.filter(user_id=subject.user_id).count(),
            "trusted_devices": TrustedDevice.objects.filter(user_id=subject.user_id).count(),
            "authenticators": Authenticator.objects.filter(user_id=subject.user_id).count(),
            "assisted_recoveries": AssistedRecovery.objects.filter(user_id=subject.user_id).count(),
            "account_language": AccountLanguage.objects.filter(user_id=subject.user_id).count(),
            "audit_events": _identifying(AuditEvent.objects.filter(_audit_of(subject))).count(),
            "sessions": Session.objects.filter(user_id=subject.user_id, expire_date__gt=timezone.now()).count(),
            "user_sessions": UserSession.objects.filter(user_id=subject.user_id).count(),
            "password_attempts": password_limits.typed_with(subject.emails).count(),
            "admin_log": LogEntry.objects.filter(personal_data.mentions(words, "object_repr", "change_message")).count() if words else 0,
        }

    def export(self, subject):
        if not isinstance(subject, personal_data.Account):
            return {}
        user = get_user_model().objects.get(pk=subject.user_id)
        return {
            "account": {"email": user.email, "date_joined": user.date_joined, "last_login": user.last_login,
                        "email_addresses": list(EmailAddress.objects.filter(user=user)
                                                .values("email", "verified", "primary"))},
            "sms_two_factor": SmsTwoFactor.objects.filter(user=user)
            .values("phone", "enabled_at", "phone_confirmed_at").first(),
            "trusted_devices": list(TrustedDevice.objects.filter(user=user).order_by("created_at").values(
                "name", "ip", "user_agent", "created_at", "last_seen_at", "revoked_at", "revoke_reason")),
            "audit_events": list(AuditEvent.objects.filter(user=user).order_by("created_at", "id").values(
                "event", "created_at", "ip", "user_agent", "details")),
            # Which second factors the account has, not their secrets (they would unlock it).
            "authenticators": list(Authenticator.objects.filter(user=user).order_by("created_at").values(
                "type", "created_at", "last_used_at")),
            "assisted_recoveries": list(AssistedRecovery.objects.filter(user=user).order_by("started_at").values(
                "state", "started_at", "confirmed_at", "ready_at", "ended_at")),
            "sessions": list(UserSession.objects.filter(user=user).order_by("created_at").values(
                "created_at", "last_seen_at", "ip", "user_agent")),
            "language": AccountLanguage.objects.filter(user=user).values_list("language", flat=True).first(),
        }

    def erase(self, subject):
        audit = AuditEvent.objects.filter(_audit_of(subject))
        if isinstance(subject, personal_data.Number):
            return {"portal_audit_events": audit.update(ip=None, user_agent="")}
        user_id = subject.user_id
        challenges = _challenges_of(subject)
        codes = OneTimeCode.objects.filter(Q(user_id=user_id) | Q(challenge__in=challenges))
        otp_ids = [pk for pk in codes.values_list("message_id", flat=True) if pk]
        counts = {"code_sms": sms_api.forget_messages(otp_ids)}
        counts["audit_events"] = audit.update(ip=None, user_agent="", details={})
        counts["code_challenges"], _ = CodeChallenge.objects.filter(
            pk__in=list(challenges.values_list("pk", flat=True))).delete()
        OneTimeCode.objects.filter(user_id=user_id).delete()
        CodeFailureStreak.objects.filter(user_id=user_id).delete()
        counters = [DailyCodeCounter.subject_for(user_id=user_id)]
        counters += [DailyCodeCounter.subject_for(phone=n, portal=p) for n in subject.numbers for p in (False, True)]
        DailyCodeCounter.objects.filter(subject__in=counters).delete()
        counts["trusted_devices"], _ = TrustedDevice.objects.filter(user_id=user_id).delete()
        SmsTwoFactor.objects.filter(user_id=user_id).delete()
        counts["authenticators"], _ = Authenticator.objects.filter(user_id=user_id).delete()
        counts["assisted_recoveries"], _ = AssistedRecovery.objects.filter(user_id=user_id).delete()
        AccountLanguage.objects.filter(user_id=user_id).delete()
        EmailAddress.objects.filter(user_id=user_id).delete()
        counts["sessions"], _ = Session.objects.filter(user_id=user_id).delete()
        counts["user_sessions"], _ = UserSession.objects.filter(user_id=user_id).delete()
        counts["password_attempts"], _ = password_limits.typed_with(subject.emails).delete()
        words = [*subject.emails, *(f for n in subject.numbers for f in written_forms(n))]
        if words:
            LogEntry.objects.filter(personal_data.mentions(words, "object_repr", "change_message")).update(object_repr=personal_data.ERASED, change_message="")
        counts["accounts"] = self._anonymize(user_id)
        return counts

    def expire(self, now):
        codes_before = now - timedelta(days=app_settings.code_retention_days())
        old = CodeChallenge.objects.filter(created_at__lt=codes_before)
        code_sms = OneTimeCode.objects.filter(challenge__in=old).exclude(message=None).values_list("message_id", flat=True)
        counts = {"code_sms": sms_api.forget_messages(list(code_sms))}
        counts["code_challenges"], _ = CodeChallenge.objects.filter(pk__in=old.values("pk")).delete()
        counts["code_counters"], _ = DailyCodeCounter.objects.filter(day__lt=timezone.localdate(codes_before)).delete()
        audit_before = now - timedelta(days=app_settings.audit_details_retention_days())
        counts["audit_ip_and_browser"] = AuditEvent.objects.filter(created_at__lt=audit_before).filter(
            ~Q(ip=None) | ~Q(user_agent="")).update(ip=None, user_agent="")
        devices_before = now - timedelta(days=app_settings.device_retention_days())
        expired = devices_before - timedelta(days=app_settings.trusted_device_days())
        counts["trusted_devices"], _ = TrustedDevice.objects.filter(
            Q(revoked_at__lt=devices_before) | Q(revoked_at=None, last_seen_at__lt=expired)).delete()
        counts["sessions"], _ = Session.objects.filter(expire_date__lt=now).delete()
        # The sessions page's rows of sessions that ended (logged out, expired, deleted above).
        live = Session.objects.filter(expire_date__gte=now).values("session_key")
        counts["user_sessions"], _ = UserSession.objects.exclude(session_key__in=live).delete()
        counts["password_attempts"] = password_limits.expire(now)
        return counts

    @staticmethod
    def _anonymize(user_id) -> int:
        """The row stays as an inactive "usuniety-<id>", so the anonymized consent ledger
        (its proof that consents existed) keeps pointing somewhere."""
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return 0
        user.username = ERASED_USERNAME.format(pk=user.pk)
        user.email = user.first_name = user.last_name = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
        return 1
