"""Helpers for the consent tests: enrolling with boxes, publishing texts, reading the ledger."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PHONE, last_code
from zgoda.consent.internal.flows import texts
from zgoda.consent.models import ConsentEvent, ConsentText, Purpose

ENROLL = "/accounts/2fa/sms/"
CONFIRM = "/accounts/2fa/sms/confirm/"
CONSENTS = "/accounts/consents/"




def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def current(purpose, language="pl") -> ConsentText:
    return texts.current_text(purpose, language)


def box_value(purpose) -> str:
    return str(current(purpose).pk)


def terms_value() -> str:
    return f"{current(Purpose.TERMS).pk},{current(Purpose.PRIVACY).pk}"


def ask_for_code(client, phone="500 100 200", **boxes):
    """Step one of enrollment: the number and whichever boxes are given."""
    return client.post(ENROLL, {"phone": phone, **boxes})


def confirm(client, phone=PHONE):
    _, code = last_code(phone)
    response = client.post(CONFIRM, {"code": code})
    assert response.status_code == 302, page(response)
    return response


def enroll(client, phone="500 100 200", e164=PHONE, **boxes):
    response = ask_for_code(client, phone, **boxes)
    assert response.status_code == 302, page(response)
    return confirm(client, e164)


def publish(purpose, version, material=True, language="pl", label=None, body=None, change_note="Zmiana.", **extra):
    """A new version published a moment after everything before it."""
    latest = ConsentText.objects.order_by("-published_at").first()
    published_at = max(timezone.now(), latest.published_at + timedelta(microseconds=1)) if latest else timezone.now()
    return ConsentText.objects.create(
        purpose=purpose, language=language, version=version, material=material,
        label=label or f"Zgoda {purpose} {version}", body=body or f"Pełna treść {purpose} {version}",
        change_note=change_note, published_at=published_at, **extra,
    )


def events(user=None, purpose=None):
    qs = ConsentEvent.objects.order_by("id")
    if user is not None:
        qs = qs.filter(user=user)
    if purpose is not None:
        qs = qs.filter(purpose=purpose)
    return list(qs)
