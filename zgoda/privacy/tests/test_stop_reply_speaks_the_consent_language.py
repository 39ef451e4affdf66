"""The answer to a STOP speaks the language of the number's marketing consent text, else the
language of the account whose 2FA number it is, else Polish; each language's answer
(ZGODA_PRIVACY_STOP_REPLY, ZGODA_PRIVACY_STOP_REPLY_EN) must fit one GSM-7 segment."""

import pytest

from conftest import PHONE, make_user
from zgoda.accounts.models import AccountLanguage
from zgoda.consent.internal.flows import contacts, ledger, texts
from zgoda.consent.models import Action, Purpose, Source
from zgoda.privacy import app_settings
from zgoda.privacy.checks import stop_reply_is_one_gsm7_segment
from zgoda.sms import inbound
from zgoda.sms.models import Message
from zgoda.sms.providers.base import Inbound
from zgoda.sms.tests.conftest import use_providers
from zgoda.sms.text import analyze

KANNEL = {"url": "http://127.0.0.1:9/cgi-bin/sendsms", "username": "u", "password": "p", "timeout": "0.2"}


@pytest.fixture
def replying_gateway(settings):
    use_providers(settings, kannel=("kannel", KANNEL))  # a gateway that receives replies and can answer
    return settings


def consented_in(text_language, account_language=None):
    person = make_user(phone=PHONE)
    if account_language:
        AccountLanguage.objects.create(user=person, language=account_language)
    for purpose in (Purpose.TERMS, Purpose.SMS_MARKETING):
        text = texts.current_text(purpose, text_language)
        assert text.language == text_language
        ledger.record(person, purpose, Action.GRANTED, text, Source.TWOFA_ENROLLMENT, phone=PHONE, label=text.label,
                      details={"form": "twofa_enroll"})
    contacts.set_contact(person, PHONE, via="twofa_enrollment")
    return person


def stop_answer():
    inbound.receive("kannel", Inbound(sender=PHONE, recipient="1234", text="STOP"))
    [text] = Message.objects.filter(tag="stop", to=PHONE).values_list("text", flat=True)
    return text


def test_a_number_that_consented_to_the_english_text_is_answered_in_english(db, replying_gateway):
    consented_in("en", account_language="pl")  # the consent's language comes first
    assert stop_answer() == app_settings.STOP_REPLIES["en"]


def test_a_number_that_consented_to_the_polish_text_is_answered_in_polish(db, replying_gateway):
    consented_in("pl", account_language="en")
    assert stop_answer() == app_settings.STOP_REPLIES["pl"]


def test_without_a_consent_the_account_language_then_polish(db, replying_gateway, settings):
    person = make_user(phone=PHONE)
    AccountLanguage.objects.create(user=person, language="en")
    settings.ZGODA_PRIVACY_STOP_REPLY_EN = "Shop: you are off our list."
    assert stop_answer() == "Shop: you are off our list."


def test_a_stranger_number_is_answered_in_polish(db, replying_gateway):
    assert stop_answer() == app_settings.STOP_REPLIES["pl"]


def test_every_language_answer_is_one_gsm7_segment_and_a_check_guards_each(settings):
    for language in ("pl", "en"):
        info = analyze(app_settings.stop_reply(language))
        assert (info.encoding, info.segments) == ("GSM-7", 1)
    assert stop_reply_is_one_gsm7_segment(None) == []
    settings.ZGODA_PRIVACY_STOP_REPLY_EN = "You are off our list. " + "x" * 150
    errors = stop_reply_is_one_gsm7_segment(None)
    assert [e.id for e in errors] == ["zgoda.privacy.E001"] and errors[0].msg.startswith("ZGODA_PRIVACY_STOP_REPLY_EN ")
