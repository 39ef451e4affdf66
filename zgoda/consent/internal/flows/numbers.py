"""Marketing consent seen from a number: withdrawn by whoever holds the number (a STOP
reply, an opt-out link, the privacy portal, a shop's API), while the accounts keep their
contact number, 2FA and login. The number's number-only subject, if any, ends too."""

from django.contrib.auth import get_user_model
from django.db import transaction

from ...models import Action, Purpose, Suppression, phone_hash
from . import contacts, ledger, number_subjects, overview


def withdraw_number(phone: str, source: str, *, label: str = "", also_user_id=None, erasure: bool = False) -> int:
    """End every marketing consent tied to `phone` (and that of `also_user_id`, the account
    an opt-out link was made for) and suppress the number for consents given before now.
    Returns how many consents ended. The ledger keeps no IP or browser of the number's
    holder: they are not the accounts' data."""
    return withdraw_key(phone_hash(phone), source, label=label, also_user_id=also_user_id, phone=phone, erasure=erasure)


def withdraw_key(key: str, source: str, *, label: str = "", also_user_id=None, phone: str = "",
                 erasure: bool = False) -> int:
    """`withdraw_number` for a number known by its keyed hash (and, when known, in clear for the
    ledger). `erasure`: "forget this number" (the withdrawals and the suppression say so)."""
    details = {"reason": "erasure"} if erasure else None
    with transaction.atomic():
        users = overview.granted_on_key(key)
        if also_user_id is not None and also_user_id not in {u.pk for u in users}:
            extra = get_user_model().objects.filter(pk=also_user_id, is_active=True).first()
            state = ledger.state_of(extra, Purpose.SMS_MARKETING) if extra else None
            if state is not None and state.granted:
                users.append(extra)
        for user in users:
            state = ledger.state_of(user, Purpose.SMS_MARKETING)
            ledger.record(user, Purpose.SMS_MARKETING, Action.WITHDRAWN, state.text, source,
                          label=str(label), phone=phone, details=details)
        ended = len(users) + number_subjects.end_marketing(key, source, label=str(label), phone=phone)
        # Nothing ended: a new entry only when none already stands for a withdrawal (a network
        # report a code lifts is none, nor one an account's later grant lifted), so the number
        # says it was withdrawn, and when.
        if ended or erasure or not overview.withdrawal_entry_stands(key, phone):
            contacts.suppress_key(key, reason="erasure" if erasure else source)
    return ended


def is_suppressed(phone: str, consent_given_at=None) -> bool:
    entries = Suppression.objects.filter(phone_hash=phone_hash(phone))
    if consent_given_at is not None:
        entries = entries.filter(created_at__gte=consent_given_at)
    return entries.exists()
