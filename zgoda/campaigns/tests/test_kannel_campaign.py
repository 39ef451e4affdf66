"""A campaign through real Kannel to its fake operator (fakesmsc): 1,000 recipients, each
gets exactly one GSM-7 SMS with the footer and a distinct working opt-out link; a number
withdrawn after scheduling gets nothing; nothing goes out on a Sunday (quiet day); and a
worker that dies between the gateway's answer and the state update resumes without
sending any number twice (checked against fakesmsc's log)."""

import time
from collections import Counter

import pytest

from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Campaign, Recipient
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ContactPoint
from zgoda.privacy.api import withdraw_marketing_by_phone
from zgoda.sms import bulk
from zgoda.sms.models import Message
from zgoda.sms.tests.conftest import kannel_options, use_providers

from .conftest import OPTOUT_IN_TEXT, make_campaign, people

pytestmark = pytest.mark.kannel


@pytest.fixture
def via_kannel(settings, kannel, callbacks, campaign_settings):
    use_providers(settings, kannel=("kannel", kannel_options(f"http://127.0.0.1:{kannel.sendsms_port}")))
    return kannel


def test_1000_recipients_through_kannel_once_each_gsm7_footer_and_working_optout(
    via_kannel, callbacks, settings, frozen, client
):
    kannel = via_kannel
    people(1001)
    mark = len(kannel.received())
    settings.ZGODA_CAMPAIGN_QUIET_DAYS = "sun"
    campaign = make_campaign(provider="kannel", text="Wiosna w sklepie: -20% na wszystko! {link:https://sklep.example.pl/w}")
    frozen(2026, 3, 15, 11, 0)  # a Sunday: the audience is taken now, the sending waits
    dispatch.schedule(campaign)
    assert Recipient.objects.filter(campaign=campaign).count() == 1001
    time.sleep(0.3)
    assert len(kannel.received()) == mark  # nothing on a quiet day
    leaving = ContactPoint.objects.order_by("-id").first().phone
    withdraw_marketing_by_phone(leaving, "privacy_portal")  # after scheduling, before sending

    frozen(2026, 3, 16, 9, 0)  # Monday 09:00: quiet hours over
    dispatch.tick()
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE

    got = kannel.wait_received(mark + 1000, timeout=30)[mark:]
    time.sleep(0.5)
    got = kannel.received()[mark:]
    assert len(got) == 1000
    per_number = Counter(m.to for m in got)
    assert len(per_number) == 1000 and max(per_number.values()) == 1
    assert leaving not in per_number
    assert {m.coding for m in got} == {"text"}  # GSM-7 on the wire
    assert {m.sender for m in got} == {"Sklep"}
    optouts = [OPTOUT_IN_TEXT.search(m.text) for m in got]
    assert all(optouts), [m.text for m, o in zip(got, optouts, strict=True) if not o][:3]
    assert len({o.group(2) for o in optouts}) == 1000
    assert all(": reklama, zgoda z " in m.text for m in got)

    # delivery reports come back through smsbox and mark the messages delivered
    ids = list(Recipient.objects.filter(campaign=campaign).exclude(message=None).values_list("message_id", flat=True))
    delivered = lambda: Message.objects.filter(pk__in=ids, status=Message.Status.DELIVERED).count() == 1000  # noqa: E731
    assert callbacks.pump_until(delivered, timeout=30)

    # an opt-out link taken from what the operator received works
    first = got[0]
    token = OPTOUT_IN_TEXT.search(first.text).group(2)
    person = ContactPoint.objects.get(phone=first.to).user
    assert validity.marketing_valid(person)
    assert client.post(f"/o/{token}").status_code in (200, 302)
    assert not validity.marketing_valid(person)


class Killed(BaseException):
    """What a SIGKILL does to the worker: nothing after this point runs or commits."""


def test_worker_killed_between_send_and_record_resumes_without_duplicates(
    via_kannel, callbacks, settings, monkeypatch
):
    kannel = via_kannel
    people(300)
    settings.ZGODA_CAMPAIGN_LEASE_SECONDS = 1
    mark = len(kannel.received())
    campaign = make_campaign(provider="kannel", slug="crash", name="Crash")
    real_record, calls = bulk.record, []

    def dies_on_third_chunk(outcomes, provider):
        calls.append(len(outcomes))
        if len(calls) == 3:
            raise Killed()  # the gateway took the chunk; the worker dies before writing it down
        return real_record(outcomes, provider)

    monkeypatch.setattr(bulk, "record", dies_on_third_chunk)
    with pytest.raises(Killed):
        _start_and_run(campaign, monkeypatch)
    monkeypatch.setattr(bulk, "record", real_record)
    assert Recipient.objects.filter(campaign=campaign, state=Recipient.State.SENDING).count() == 50
    assert len(kannel.wait_received(mark + 150, timeout=10)) - mark == 150

    callbacks.pump_until(lambda: False, timeout=1.5)  # reports arrive; the lease runs out
    dispatch.tick()  # a new worker takes over: the chain restarts where it stopped
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE

    time.sleep(0.5)
    got = kannel.received()[mark:]
    per_number = Counter(m.to for m in got)
    assert len(per_number) == 300
    assert [n for n, times in per_number.items() if times > 1] == []
    states = Counter(Recipient.objects.filter(campaign=campaign).values_list("state", flat=True))
    assert states == {Recipient.State.SENT: 300}


def _start_and_run(campaign, monkeypatch):
    """Start the campaign and run its first batch in this thread (the in-process queue would
    catch the crash as a failed task; a killed worker has no such chance)."""
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.SCHEDULED)
    with monkeypatch.context() as patch:
        patch.setattr(dispatch, "enqueue", lambda campaign_id, when: None)
        assert dispatch.start(campaign.pk) == "started"
    dispatch.run_batch(campaign.pk)
