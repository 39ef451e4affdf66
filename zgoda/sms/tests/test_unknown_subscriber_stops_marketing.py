"""A number the network no longer knows (switched off for good, maybe recycled to someone
else) is suppressed for marketing as soon as a gateway says so: SMSAPI refusing the send,
a campaign chunk refused the same way, a Twilio status callback, a Kannel (SMPP) receipt.
A temporary fault, or a receipt with another error, suppresses nothing."""

import uuid

import pytest
from django.urls import reverse

from conftest import make_user
from zgoda.accounts.signals import number_proved
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import contacts, ledger, texts, validity
from zgoda.consent.models import Action, Purpose, Source, Suppression
from zgoda.sms import api as sms_api
from zgoda.sms.callbacks import report_token
from zgoda.sms.models import Message
from zgoda.sms.providers import get_provider
from zgoda.sms.signals import recipient_unreachable

from .conftest import REFUSED_NUMBER, kannel_options, use_providers
from .fake_gateways import FakeTwilio
from .test_provider_contract_smsapi import smsapi_options
from .test_provider_contract_twilio import twilio_options

OTHER = "+48500100200"


def consenting(phone, email="anna@example.com"):
    person = make_user(email)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, texts.current_text(Purpose.SMS_MARKETING),
                  Source.ADMIN)
    contacts.set_contact(person, phone, via="twofa_enrollment")
    assert validity.marketing_valid(person)
    return person


@pytest.fixture
def heard(db):
    calls = []

    def listener(sender, phone, provider, reason, **kwargs):
        calls.append((phone, provider, reason))

    recipient_unreachable.connect(listener, dispatch_uid="test-heard")
    yield calls
    recipient_unreachable.disconnect(dispatch_uid="test-heard")


@pytest.fixture
def via_smsapi(settings, smsapi_server, callbacks):
    use_providers(settings, smsapi=("smsapi", smsapi_options(smsapi_server.url)))
    return smsapi_server


def test_smsapi_refusing_the_number_suppresses_it_for_marketing(via_smsapi, heard):
    person, other = consenting(REFUSED_NUMBER), consenting(OTHER, "ola@example.com")
    message = sms_api.queue_sms(REFUSED_NUMBER, "Zgoda: przypomnienie o zamowieniu", sms_api.MessageKind.SERVICE)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert heard == [(REFUSED_NUMBER, "smsapi", "unknown_subscriber")]
    assert Suppression.objects.get().reason == "unknown_subscriber"
    assert not validity.marketing_valid(person) and validity.marketing_valid(other)
    assert consent_api.audience_count() == 1


def test_a_second_refusal_adds_no_second_entry(via_smsapi, heard):
    consenting(REFUSED_NUMBER)
    for _ in range(2):
        sms_api.queue_sms(REFUSED_NUMBER, "Zgoda: przypomnienie", sms_api.MessageKind.SERVICE)
    assert len(heard) == 2 and Suppression.objects.count() == 1


def test_the_holder_proving_the_number_again_brings_the_consent_back(via_smsapi):
    person = consenting(REFUSED_NUMBER)
    sms_api.queue_sms(REFUSED_NUMBER, "Zgoda: przypomnienie", sms_api.MessageKind.SERVICE)
    assert not validity.marketing_valid(person)
    number_proved.send(None, user=make_user("ktos@example.com"), phone=REFUSED_NUMBER, purpose="login")
    assert not validity.marketing_valid(person)  # someone else's code proves nothing for Anna
    number_proved.send(None, user=person, phone=REFUSED_NUMBER, purpose="login")
    assert validity.marketing_valid(person)


def test_an_optout_is_not_undone_by_proving_the_number(via_smsapi):
    person = consenting(REFUSED_NUMBER)
    contacts.suppress(REFUSED_NUMBER, reason="optout_link")
    number_proved.send(None, user=person, phone=REFUSED_NUMBER, purpose="login")
    assert not validity.marketing_valid(person)


def test_a_campaign_chunk_refused_the_same_way_suppresses_the_number(via_smsapi, heard):
    person = consenting(REFUSED_NUMBER)
    provider = get_provider("smsapi")
    messages = sms_api.bulk_create_claimed([
        sms_api.bulk_message(phone, "Promocja -20%", sms_api.MessageKind.MARKETING, idempotency_key=uuid.uuid4())
        for phone in (OTHER, REFUSED_NUMBER)
    ], provider)  # fmt: skip
    outcomes, unsent = sms_api.bulk_send(messages, provider)
    sms_api.bulk_record(outcomes, provider)
    assert unsent == [] and heard == [(REFUSED_NUMBER, "smsapi", "unknown_subscriber")]
    assert not validity.marketing_valid(person)


def test_a_temporary_fault_suppresses_nothing(via_smsapi, heard, fast_retries):
    person = consenting(REFUSED_NUMBER)
    via_smsapi.mode = "server_error"
    sms_api.queue_sms(REFUSED_NUMBER, "Zgoda: przypomnienie", sms_api.MessageKind.SERVICE)
    assert heard == [] and not Suppression.objects.exists() and validity.marketing_valid(person)


class UnknownHandsetTwilio(FakeTwilio):
    """Takes every message, then reports it undelivered: 30005 unknown destination handset."""

    def _report(self, form, sid):
        for status, extra in (("sent", {}), ("undelivered", {"ErrorCode": "30005"})):
            self.signed_post(form["StatusCallback"], {
                "MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
                "AccountSid": self.account_sid, "From": form.get("From", ""), "To": form.get("To", ""), **extra,
            })  # fmt: skip


@pytest.fixture
def unknown_handset_twilio():
    server = UnknownHandsetTwilio()
    yield server
    server.close()


def test_twilio_reporting_an_unknown_handset_suppresses_the_number(settings, unknown_handset_twilio, callbacks, heard):
    person = consenting(OTHER)
    use_providers(settings, twilio=("twilio", twilio_options(unknown_handset_twilio.url)))
    message = sms_api.queue_sms(OTHER, "Zgoda: przypomnienie", sms_api.MessageKind.SERVICE)
    assert callbacks.pump_until(lambda: Message.objects.get(pk=message.pk).status == Message.Status.FAILED)
    assert heard == [(OTHER, "twilio", "unknown_subscriber")]
    assert not validity.marketing_valid(person)


@pytest.mark.parametrize("answer, reason", [
    ("id:7 sub:001 dlvrd:000 submit date:2601311200 done date:2601311201 stat:UNDELIV err:001 text:Promocja", "unknown_subscriber"),
    ("id:7 sub:001 dlvrd:000 submit date:2601311200 done date:2601311201 stat:UNDELIV err:027 text:Promocja", "absent_subscriber"),
    ("id:7 sub:001 dlvrd:000 submit date:2601311200 done date:2601311201 stat:UNDELIV err:069 text:Promocja", ""),
    ("NACK/0x00000045/Submit failed", ""),
])  # fmt: skip
def test_a_kannel_receipt_names_the_error(settings, client, heard, answer, reason):
    person = consenting(OTHER)
    settings.ZGODA_SMS_CALLBACK_BASE_URL = "http://testserver"
    use_providers(settings, kannel=("kannel", kannel_options("http://127.0.0.1:9")))
    message = Message.objects.create(kind=Message.Kind.MARKETING, to=OTHER, text="Promocja", provider="kannel",
                                     status=Message.Status.SUBMITTED, encoding="GSM-7", segments=1)
    path = reverse("sms:report", args=["kannel", message.pk])
    query = {"secret": report_token("kannel", message), "status": "2", "answer": answer}
    assert client.get(path, query).status_code == 200
    assert Message.objects.get(pk=message.pk).status == Message.Status.FAILED
    assert heard == ([(OTHER, "kannel", reason)] if reason else [])
    assert validity.marketing_valid(person) is not bool(reason)


def test_a_failing_listener_never_undoes_the_delivery_record(via_smsapi):
    def broken(sender, **kwargs):
        raise RuntimeError("bug in a listener")

    recipient_unreachable.connect(broken, dispatch_uid="test-broken")
    try:
        message = sms_api.queue_sms(REFUSED_NUMBER, "Zgoda: przypomnienie", sms_api.MessageKind.SERVICE)
    finally:
        recipient_unreachable.disconnect(dispatch_uid="test-broken")
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.send_attempts.count() == 1
