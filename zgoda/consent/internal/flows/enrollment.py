"""2FA enrollment and changes of number, seen from the ledger.

Consents ticked on the enrollment form wait on the code challenge and are written only
when the code confirms the number: the confirmed number proves they came from its holder.
"""

import logging

from django.db import transaction

from zgoda.accounts.api import ChallengePurpose

from ...models import Action, ConsentText, Purpose, Source
from . import contacts, ledger, marketing

log = logging.getLogger(__name__)
ENROLLMENT_PURPOSES = {Purpose.TERMS, Purpose.PRIVACY, Purpose.SMS_MARKETING}


def _text(entry, allowed) -> ConsentText | None:
    """The version a payload entry names, if it is what the form could have shown."""
    if not isinstance(entry, dict) or entry.get("purpose") not in allowed:
        log.warning("consent payload entry refused: %r", entry)
        return None
    text = ConsentText.objects.filter(pk=entry.get("text"), purpose=entry["purpose"]).first()
    if text is None or text.sha256 != entry.get("sha256"):
        log.warning("consent payload names an unknown or altered text: %r", entry)
        return None
    return text


def on_phone_confirmed(user, phone, challenge, request) -> list:
    events = []
    with transaction.atomic():
        if challenge.purpose == ChallengePurpose.ENROLL:
            events = _record_enrollment(user, phone, challenge, request)
        elif challenge.purpose == ChallengePurpose.CHANGE:
            _withdraw_if_asked(user, challenge.payload, request)  # before the consent would move
        contact = contacts.contact_of(user)
        if contact is not None and contact.phone != phone:
            # The marketing number follows the 2FA number a code has just confirmed.
            contacts.set_contact(user, phone, via=f"twofa_{challenge.purpose}")
    return events


def _record_enrollment(user, phone, challenge, request) -> list:
    payload = challenge.payload or {}
    common = {"request": request, "phone": phone, "details": {
        "challenge": str(challenge.pk), "form": payload.get("form", ""), "shown_at": payload.get("shown_at", ""),
    }}
    events = []
    notice = _text(payload.get("twofa"), {Purpose.TWOFA})
    if notice is not None:
        events.append(ledger.record(
            user, Purpose.TWOFA, Action.GRANTED, notice, Source.TWOFA_ENROLLMENT,
            label=payload["twofa"].get("label", ""), **common,
        ))
    for entry in payload.get("consents") or []:
        text = _text(entry, ENROLLMENT_PURPOSES)
        if text is None:
            continue
        events.append(ledger.record(
            user, text.purpose, Action.GRANTED, text, Source.TWOFA_ENROLLMENT, label=entry.get("label", ""), **common,
        ))
        if text.purpose == Purpose.SMS_MARKETING:
            contacts.set_contact(user, phone, via="twofa_enrollment")
    return events


def _withdraw_if_asked(user, payload, request) -> None:
    """The change-number or disable form's box "withdraw the marketing consent" was ticked."""
    if (payload or {}).get("withdraw_marketing") is True:
        marketing.withdraw(request, user, label=str(payload.get("label", ""))[:500], source=Source.ACCOUNT_SETTINGS)


def on_twofa_disabled(user, phone, request, payload=None) -> None:
    """2FA off: the 2FA consent is withdrawn; the marketing consent and its number stay,
    unless the disable form's box asked to withdraw it too. A number kept only for 2FA
    (marketing withdrawn earlier) has no reason left and goes."""
    with transaction.atomic():
        _withdraw_if_asked(user, payload, request)
        state = ledger.state_of(user, Purpose.TWOFA)
        if state is not None and state.granted:
            ledger.record(
                user, Purpose.TWOFA, Action.WITHDRAWN, state.text, Source.ACCOUNT_SETTINGS,
                request=request, phone=phone, details={"reason": "twofa_disabled"},
            )
        marketing = ledger.state_of(user, Purpose.SMS_MARKETING)
        if marketing is None or not marketing.granted:
            contacts.remove_contact(user)
