"""Withdrawing marketing consent without logging in: by number (STOP, opt-out link) or
for a person who proved their number on the portal."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from zgoda.consent.internal.flows import contacts, ledger, marketing
from zgoda.consent.models import Purpose, Suppression, phone_hash

from ...models import DataSubjectRequest
from . import requests, subject as subjects

# What the ledger keeps as the "label" of each way of withdrawing.
LABELS = {
    "optout_link": gettext_lazy("Wypisz mnie"),
    "sms_reply": gettext_lazy("Odpowiedź SMS: STOP"),
    "privacy_portal": gettext_lazy("Wycofuję zgodę"),
}
CHANNELS = {
    "optout_link": DataSubjectRequest.Channel.OPTOUT_LINK,
    "sms_reply": DataSubjectRequest.Channel.SMS_REPLY,
    "privacy_portal": DataSubjectRequest.Channel.PORTAL,
}


def _granted(user) -> bool:
    state = ledger.state_of(user, Purpose.SMS_MARKETING)
    return bool(state and state.granted)


def withdraw_subject(subject, source: str, request=None, channel=None, label=None, log_request=True) -> bool:
    """Withdraw the marketing consent of every account of the subject and suppress its
    numbers for consents given before now. True when a consent was withdrawn."""
    label = str(label or LABELS.get(source, ""))
    withdrawn = []
    with transaction.atomic():
        for user in subject.users:
            if _granted(user):
                marketing.withdraw(request, user, label=label, source=source)
                withdrawn.append(user.pk)
        for phone in subject.phones:
            if withdrawn or not Suppression.objects.filter(phone_hash=phone_hash(phone)).exists():
                contacts.suppress(phone, reason=source)
        if log_request:
            requests.log_done(
                DataSubjectRequest.Kind.WITHDRAWAL, channel or CHANNELS.get(source, DataSubjectRequest.Channel.OTHER),
                subject, result={"withdrawn_accounts": len(withdrawn)},
            )
    return bool(withdrawn)


def withdraw_by_phone(phone: str, source: str, request=None, user_id=None) -> bool:
    e164 = subjects.e164_or_blank(phone)
    if not e164:
        return False
    users = subjects.holders(e164)
    if user_id is not None and user_id not in {u.pk for u in users}:
        from django.contrib.auth import get_user_model

        users += list(get_user_model().objects.filter(pk=user_id, is_active=True))
    return withdraw_subject(subjects.Subject(phones=[e164], users=users), source, request=request)
