"""STOP replies: STOP, NIE, REZYGNUJE, REZYGNUJĘ, WYPISZ as whole words anywhere in an
inbound SMS, any case, with or without Polish letters, withdraw the sender's marketing
consent; answered with one GSM-7 segment when the gateway can reply."""

import pytest

from conftest import PHONE, sms_to
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent, Suppression, phone_hash
from zgoda.privacy.internal.flows.stop import is_stop
from zgoda.privacy.models import DataSubjectRequest
from zgoda.sms import inbound
from zgoda.sms.models import Message
from zgoda.sms.providers.base import Inbound

from .conftest import consenting


@pytest.mark.parametrize("text", [
    "STOP", "stop", "Stop.", "  nie ", "NIE!", "Rezygnuje", "REZYGNUJĘ", "rezygnuję z tego", "wypisz",
    "Wypisz mnie prosze", "Proszę mnie wypisać. STOP", "nie, dziękuję", "ok\nSTOP\n", "stop-stop",
])
def test_stop_words_are_recognised_anywhere_as_whole_words(text):
    assert is_stop(text)


@pytest.mark.parametrize("text", [
    "NIEBO", "niebieski", "STOPA", "stopień", "Rezygnujemy?", "WYPISZE", "wypiszę", "", "Dziękuję", "Niestety",
    "STOPNIEWYPISZ",
])
def test_words_that_only_contain_a_stop_word_are_not_stop(text):
    assert not is_stop(text)


def reply(sender, text, provider="outbox"):
    return inbound.receive(provider, Inbound(sender=sender, recipient="Zgoda", text=text))


@pytest.mark.parametrize("sender", ["+48500100200", "48500100200", "500100200"])
def test_stop_from_the_number_withdraws_its_marketing_consent(db, sender):
    person = consenting()
    reply(sender, "Rezygnuję")
    assert not validity.marketing_valid(person)
    event = ConsentEvent.objects.filter(user=person).order_by("-id").first()
    assert (event.purpose, event.action, event.source) == ("sms_marketing", "withdrawn", "sms_reply")
    assert Suppression.objects.filter(phone_hash=phone_hash(PHONE)).exists()
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.kind, dsr.channel) == ("withdrawal", "sms_reply")


def test_other_replies_change_nothing(db):
    person = consenting()
    events = ConsentEvent.objects.count()
    reply(PHONE, "Niebo jest dzisiaj piękne")
    assert validity.marketing_valid(person) and ConsentEvent.objects.count() == events
    assert not DataSubjectRequest.objects.exists()


def test_stop_from_a_sender_that_is_no_number_changes_nothing(db):
    consenting()
    events = ConsentEvent.objects.count()
    reply("Zgoda", "STOP")
    reply("", "STOP")
    assert ConsentEvent.objects.count() == events and not Suppression.objects.exists()


def test_stop_through_a_gateway_that_cannot_reply_gets_no_answer(db):
    consenting()
    reply(PHONE, "STOP")  # the outbox receives nothing, so it cannot answer
    assert sms_to(PHONE) == [] and not Message.objects.filter(to=PHONE).exists()


def test_the_confirmation_is_one_gsm7_segment_and_a_check_guards_it(settings):
    from zgoda.privacy import app_settings
    from zgoda.privacy.checks import stop_reply_is_one_gsm7_segment
    from zgoda.sms.text import analyze

    info = analyze(app_settings.stop_reply())
    assert (info.encoding, info.segments) == ("GSM-7", 1)
    assert stop_reply_is_one_gsm7_segment(None) == []
    settings.ZGODA_PRIVACY_STOP_REPLY = "Wypisaliśmy Twój numer."
    assert [e.id for e in stop_reply_is_one_gsm7_segment(None)] == ["zgoda.privacy.E001"]
    settings.ZGODA_PRIVACY_STOP_REPLY = "x" * 161
    assert [e.id for e in stop_reply_is_one_gsm7_segment(None)] == ["zgoda.privacy.E001"]
