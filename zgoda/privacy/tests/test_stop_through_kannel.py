"""A STOP typed on a phone reaches Zgoda through Kannel's real inbound path (fakesmsc as the
operator, bearerbox, smsbox's sms-service calling our inbound URL): the marketing consent
is withdrawn and the confirmation goes back through Kannel as one GSM-7 segment."""

import urllib.parse

import pytest

from conftest import PHONE
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentEvent
from zgoda.privacy import app_settings
from zgoda.sms.models import InboundMessage

from .conftest import consenting

pytestmark = pytest.mark.kannel


@pytest.mark.parametrize("text", ["Rezygnuję, dziękuję", "stop"])
def test_stop_reply_through_kannel_withdraws_consent_and_is_answered(kannel, via_kannel, callbacks, db, text):
    person = consenting()
    assert validity.marketing_valid(person)
    mark = len(kannel.received())

    payload = urllib.parse.quote(text.encode("utf-16-be"))
    kannel.send_mo(f"48500100200 1234 ucs2 {payload}")
    assert callbacks.pump_until(lambda: InboundMessage.objects.exists()), callbacks.handled

    assert InboundMessage.objects.get().text == text
    assert not validity.marketing_valid(person)
    assert ConsentEvent.objects.filter(user=person).order_by("-id").first().source == "sms_reply"
    got = kannel.wait_received(mark + 1)[mark:]
    assert [(m.to, m.coding, m.text) for m in got] == [(PHONE, "text", app_settings.stop_reply())]
