"""Migration 0005 masks the code texts logged before codes were masked; a code still queued
keeps its clear text for the one send, other kinds of SMS and the dev phone stay as they were."""

import importlib

from django.apps import apps

from zgoda.sms.models import Message, OutboxEntry

migration = importlib.import_module("zgoda.sms.migrations.0005_code_texts_masked")
PHONE = "+48500100200"


def logged(text, kind="otp", status="delivered"):
    return Message.objects.create(kind=kind, to=PHONE, text=text, encoding="GSM-7", segments=1, status=status)


def test_old_code_texts_are_masked(db):
    delivered = logged("Zgoda: kod nr 3 z dzis: 482 913. Nie podawaj go nikomu.")
    failed = logged("Zgoda: kod nr 12 z dzis: 123 456 78. Nie podawaj go nikomu.", status="failed")
    short = logged("Kod 4829", status="submitted")
    queued = logged("Zgoda: kod nr 1 z dzis: 707 001.", status="queued")
    service = logged("Zamowienie 123456 wyslane", kind="service")
    OutboxEntry.objects.create(message=delivered, to=PHONE, text=delivered.text)

    migration.mask_code_texts(apps, None)

    texts = dict(Message.objects.values_list("pk", "text"))
    assert texts[delivered.pk] == "Zgoda: kod nr 3 z dzis: *** ***. Nie podawaj go nikomu."
    assert texts[failed.pk] == "Zgoda: kod nr 12 z dzis: *** *** **. Nie podawaj go nikomu."
    assert texts[short.pk] == "Kod ****"
    assert texts[queued.pk] == "Zgoda: kod nr 1 z dzis: *** ***."
    assert texts[service.pk] == "Zamowienie 123456 wyslane"
    clear = dict(Message.objects.values_list("pk", "clear_text"))
    assert clear[queued.pk] == "Zgoda: kod nr 1 z dzis: 707 001."  # it still goes out with its code
    assert {clear[m.pk] for m in (delivered, failed, short, service)} == {""}
    assert OutboxEntry.objects.get().text == "Zgoda: kod nr 3 z dzis: 482 913. Nie podawaj go nikomu."


def test_masking_twice_changes_nothing(db):
    message = logged("Zgoda: kod nr 3 z dzis: *** ***.")
    migration.mask_code_texts(apps, None)
    assert Message.objects.get(pk=message.pk).text == "Zgoda: kod nr 3 z dzis: *** ***."
