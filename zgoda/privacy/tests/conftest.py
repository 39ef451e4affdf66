"""Helpers for the privacy tests: people with consents and SMS, reading pages."""

import html

from conftest import PHONE, make_user
from zgoda.consent.internal.flows import contacts, ledger, texts
from zgoda.consent.models import Action, Purpose, Source
from zgoda.sms.models import Message
from zgoda.sms.tests.conftest import (  # noqa: F401 - the SMS app's Kannel fixtures
    _kannel_proxy, callback_server, callbacks, fast_retries, kannel, kannel_proxy, via_kannel,
)

PORTAL = "/privacy/"
CODE = "/privacy/code/"
ME = "/privacy/me/"


def page(response) -> str:
    return html.unescape(response.content.decode())


def grant(user, purpose, phone="", source=Source.TWOFA_ENROLLMENT, details=None):
    text = texts.current_text(purpose, "pl")
    return ledger.record(user, purpose, Action.GRANTED, text, source, phone=phone, label=text.label,
                         details=details or {"form": "twofa_enroll"})


def consenting(email="anna@example.com", phone=PHONE, twofa=True):
    """A person with 2FA on `phone`, the terms and a valid SMS marketing consent."""
    person = make_user(email, phone=phone if twofa else None)
    grant(person, Purpose.TERMS, phone)
    grant(person, Purpose.SMS_MARKETING, phone)
    contacts.set_contact(person, phone, via="twofa_enrollment")
    return person


def marketing_sms(phone, count=1, tag="Wiosenna promocja"):
    """Marketing SMS as the campaigns app would log them (no gateway involved)."""
    return Message.objects.bulk_create([
        Message(kind=Message.Kind.MARKETING, to=phone, text=f"Promocja {i} -20% na kawe", tag=tag,
                encoding="GSM-7", segments=1, status=Message.Status.DELIVERED)
        for i in range(count)
    ])
