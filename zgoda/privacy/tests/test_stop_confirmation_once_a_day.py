"""Forged STOP replies cannot pump SMS: a number gets at most one STOP confirmation per local
day, however many STOPs arrive (the sender of an inbound SMS is not proved); every STOP still
withdraws. The next day's STOP is answered again."""

import datetime as dt
import zoneinfo

import time_machine
from django.urls import reverse

from conftest import PHONE
from zgoda.consent.internal.flows import validity
from zgoda.sms.callbacks import inbound_token
from zgoda.sms.models import InboundMessage, Message
from zgoda.sms.tests.conftest import use_providers

from .conftest import consenting

KANNEL = {"url": "http://127.0.0.1:9/cgi-bin/sendsms", "username": "u", "password": "p", "timeout": "0.2"}
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def stop_replies(phone=PHONE):
    return Message.objects.filter(tag="stop", to=phone).count()


def forge_stops(client, count, sender="48500100200", first_id=0):
    url = reverse("sms:inbound", args=["kannel"])
    for n in range(count):
        query = {"secret": inbound_token("kannel"), "from": sender, "to": "1234", "text": "STOP", "id": str(first_id + n)}
        assert client.get(url, query).status_code == 200


def test_twenty_forged_stops_from_one_number_give_one_reply(settings, client, db):
    use_providers(settings, kannel=("kannel", KANNEL))
    person = consenting()
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=WARSAW), tick=False):
        forge_stops(client, 20)
        assert InboundMessage.objects.count() == 20
        assert not validity.marketing_valid(person)
        assert stop_replies() == 1
        forge_stops(client, 3, sender="+48500100201", first_id=100)  # another number: its own one
        assert (stop_replies(), stop_replies("+48500100201")) == (1, 1)
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, 59, tzinfo=WARSAW), tick=False):
        forge_stops(client, 2, first_id=200)
        assert stop_replies() == 1
    with time_machine.travel(dt.datetime(2026, 3, 3, 0, 1, tzinfo=WARSAW), tick=False):
        forge_stops(client, 5, first_id=300)  # a new local day: one more
        assert stop_replies() == 2


def test_stop_confirmations_count_in_the_daily_spend_cap(settings, client, db):
    use_providers(settings, kannel=("kannel", {**KANNEL, "price": "PL:0.10"}))
    settings.ZGODA_SMS_DAILY_SPEND_CAP = "1.00"
    settings.ZGODA_SMS_OTP_RESERVED_SHARE = "0.2"  # service SMS and campaigns: 0.80 a day
    for n in range(12):  # forged STOPs from twelve numbers: one confirmation each until the cap
        forge_stops(client, 1, sender=f"+485001003{n:02d}", first_id=1000 + n)
    assert Message.objects.filter(tag="stop").count() == 8
