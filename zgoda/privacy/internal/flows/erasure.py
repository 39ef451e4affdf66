"""Erasure (RODO art. 17): every personal datum of a subject deleted or anonymized.

What goes: the account's e-mail, name and password (the row stays as an inactive
"usuniety-<id>" so the anonymized ledger keeps pointing somewhere), e-mail addresses,
the 2FA and marketing numbers, trusted devices, code challenges and codes, 2FA
invitations, recipients and texts of SMS to the number, SMS from it, IPs and browsers in
audit events and in the ledger, opt-out links, task arguments, admin log entries and
contact data in earlier requests. What stays: one suppression entry per number holding
only its keyed hash (so no campaign or import reaches it until a new consent), and
anonymized rows that keep reports' counts right.

Every statement is set-based on an indexed column, so a subject with thousands of SMS
takes a few dozen queries (bench/erasure.py).
"""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zgoda.accounts.models import AuditEvent, CodeChallenge, DailyCodeCounter, OneTimeCode, SmsTwoFactor, TrustedDevice
from zgoda.consent.internal.flows import anonymize, contacts, ledger
from zgoda.consent.models import Action, ContactPoint, SecurityInvitation, Source
from zgoda.sms.models import InboundMessage, Message, OutboxEntry, ProviderHealth, SendAttempt

from ...models import DataSubjectRequest, OptOutToken
from ...signals import subject_erased
from . import requests

ERASED = "[usunięto]"


def _end_consents(subject) -> int:
    """Every consent still granted ends, as a withdrawal with no personal detail."""
    ended = 0
    for user in subject.users:
        for purpose, state in ledger.states_of(user).items():
            if state.granted:
                ledger.record(user, purpose, Action.WITHDRAWN, state.text, Source.PRIVACY_PORTAL,
                              details={"reason": "erasure"})
                ended += 1
    return ended


def _messages(forms, now) -> dict:
    to_number = Message.objects.filter(to__in=forms)
    ids = list(to_number.values_list("pk", flat=True))
    otp_ids = list(to_number.filter(kind=Message.Kind.OTP).values_list("pk", flat=True))
    Message.objects.filter(to__in=forms, status=Message.Status.QUEUED).update(
        status=Message.Status.EXPIRED, expired_at=now, next_attempt_at=None
    )
    blanked = Message.objects.filter(to__in=forms).update(to="", text="", last_error="")
    SendAttempt.objects.filter(message_id__in=ids).exclude(error="").update(error="")
    OutboxEntry.objects.filter(message_id__in=ids).delete()
    inbound = InboundMessage.objects.filter(sender__in=forms).update(sender="", text="")
    return {"messages": blanked, "inbound": inbound, "_otp_ids": otp_ids}


def _accounts_app(subject, emails, otp_ids) -> dict:
    user_ids, phones = subject.user_ids, subject.phones
    audit = Q(user_id__in=user_ids)
    if otp_ids:  # codes sent for the portal without an account: linked by their SMS only
        audit |= Q(event=AuditEvent.Event.CODE_SENT, user__isnull=True, details__message_id__in=otp_ids)
    identifiers = [AuditEvent.identifier_hash(e) for e in emails]
    if identifiers:  # failed logins keep a keyed hash of the typed address (accounts.signals)
        audit |= Q(event=AuditEvent.Event.LOGIN_FAILED, details__identifier_hash__in=identifiers)
    audited = AuditEvent.objects.filter(audit).update(ip=None, user_agent="", details={})
    challenges = list(
        CodeChallenge.objects.filter(Q(user_id__in=user_ids) | Q(user__isnull=True, phone__in=phones))
        .values_list("pk", flat=True)
    )
    challenges += OneTimeCode.objects.filter(phone__in=phones).values_list("challenge_id", flat=True)
    CodeChallenge.objects.filter(pk__in=set(challenges)).delete()
    counters = [DailyCodeCounter.subject_for(user_id=pk) for pk in user_ids]
    counters += [DailyCodeCounter.subject_for(phone=p) for p in phones]
    DailyCodeCounter.objects.filter(subject__in=counters).delete()
    devices, _ = TrustedDevice.objects.filter(user_id__in=user_ids).delete()
    SmsTwoFactor.objects.filter(Q(user_id__in=user_ids) | Q(phone__in=phones)).delete()
    EmailAddress.objects.filter(Q(user_id__in=user_ids) | Q(email__in=emails)).delete()
    return {"audit_events": audited, "challenges": len(set(challenges)), "devices": devices}


def _traces(subject, forms, emails, now) -> dict:
    user_ids = subject.user_ids
    ContactPoint.objects.filter(Q(user_id__in=user_ids) | Q(phone_hash__in=subject.hashes)).delete()
    SecurityInvitation.objects.filter(Q(user_id__in=user_ids) | Q(email__in=emails)).delete()
    links = OptOutToken.objects.filter(phone__in=subject.phones).update(phone="", user=None, erased_at=now)
    # The new-device e-mail task carries (user id, device, IP, ...) as arguments.
    DBTaskResult.objects.filter(
        task_path__endswith="send_new_device_notice", args_kwargs__args__0__in=user_ids
    ).delete()
    words = [w for w in [*forms, *emails] if w]
    mention = Q()
    for word in words:
        mention |= Q(object_repr__contains=word) | Q(change_message__contains=word)
    if words:
        LogEntry.objects.filter(mention).update(object_repr=ERASED, change_message="")
        errors = Q()
        for word in words:
            errors |= Q(last_error__contains=word)
        ProviderHealth.objects.filter(errors).update(last_error=ERASED)
    dsrs = DataSubjectRequest.objects.filter(
        Q(user_id__in=user_ids) | Q(subject_hash__in=subject.hashes) | Q(phone__in=forms) | Q(email__in=emails)
    )
    for dsr in dsrs:
        notes = dsr.notes
        for word in sorted(words, key=len, reverse=True):
            notes = notes.replace(word, ERASED)
        dsr.phone = dsr.email = dsr.contact = dsr.subject_hash = ""
        dsr.notes = notes
        dsr.save(update_fields=["phone", "email", "contact", "subject_hash", "notes"])
    return {"optout_links": links}


def _secure_delete() -> None:
    """On SQLite, have this connection overwrite deleted and replaced content with zeros,
    so the old values do not linger in free pages of the file until a VACUUM."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def _anonymize_users(subject) -> None:
    for user in subject.users:
        user.username = f"usuniety-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()


def erase(subject, channel, *, dsr: DataSubjectRequest | None = None, handled_by: str = "") -> dict:
    """Erase everything about `subject` (subject.Subject) in one transaction; returns counts."""
    if subject.empty:
        return {}
    now = timezone.now()
    forms = subject.forms()
    emails = list(dict.fromkeys(
        [u.email for u in subject.users if u.email]
        + list(EmailAddress.objects.filter(user_id__in=subject.user_ids).values_list("email", flat=True))
    ))
    _secure_delete()
    with transaction.atomic():
        counts = {"accounts": len(subject.users), "numbers": len(subject.phones),
                  "consents_ended": _end_consents(subject)}
        for phone in subject.phones:
            contacts.suppress(phone, reason="erasure")
        counts["consent_events"] = anonymize.anonymize_events(subject.user_ids)
        sms = _messages(forms, now)
        otp_ids = sms.pop("_otp_ids")
        counts |= sms
        counts |= _accounts_app(subject, emails, otp_ids)
        counts |= _traces(subject, forms, emails, now)
        for _receiver, forgotten in subject_erased.send(None, phones=forms, user_ids=subject.user_ids):
            counts |= forgotten or {}
        _anonymize_users(subject)
        if dsr is not None:
            requests.complete(dsr, result=counts, handled_by=handled_by)
        else:
            requests.log_done(DataSubjectRequest.Kind.ERASURE, channel, None, result=counts, handled_by=handled_by)
    return counts
