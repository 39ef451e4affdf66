"""Quiet hours (20:00-09:00 Warsaw and Sundays by default): messages due then wait for the
end; the provider's rate (messages per second) is kept; a killed chunk on a provider with
idempotency keys is sent again under the same key."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zgoda.campaigns.internal.flows import dispatch, quiet
from zgoda.campaigns.models import Campaign, Recipient
from zgoda.sms import bulk
from zgoda.sms.models import Message, OutboxEntry

from .conftest import make_campaign, people

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.mark.parametrize("now, resumes", [
    ((2026, 3, 10, 20, 0), (2026, 3, 11, 9, 0)),   # Tuesday evening -> Wednesday 09:00
    ((2026, 3, 11, 3, 30), (2026, 3, 11, 9, 0)),   # night -> the same morning
    ((2026, 3, 14, 21, 0), (2026, 3, 16, 9, 0)),   # Saturday evening -> over Sunday to Monday 09:00
    ((2026, 3, 15, 12, 0), (2026, 3, 16, 9, 0)),   # Sunday noon -> Monday 09:00
])
def test_quiet_hours_defaults(settings, now, resumes):
    for name in ("ZGODA_CAMPAIGN_QUIET_HOURS", "ZGODA_CAMPAIGN_QUIET_DAYS"):
        if hasattr(settings, name):
            delattr(settings, name)
    assert quiet.next_allowed(datetime(*now, tzinfo=WARSAW)) == datetime(*resumes, tzinfo=WARSAW)
    assert quiet.next_allowed(datetime(2026, 3, 10, 9, 0, tzinfo=WARSAW)) is None
    assert quiet.next_allowed(datetime(2026, 3, 10, 19, 59, tzinfo=WARSAW)) is None


def test_a_campaign_started_in_the_evening_waits_for_the_morning(db, campaign_settings, settings, frozen):
    settings.ZGODA_CAMPAIGN_QUIET_HOURS = "20:00-09:00"
    people(5)
    campaign = make_campaign()
    frozen(2026, 3, 10, 20, 30)
    dispatch.schedule(campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.SENDING and OutboxEntry.objects.count() == 0
    assert campaign.next_run_at == datetime(2026, 3, 11, 9, 0, tzinfo=WARSAW)
    frozen(2026, 3, 11, 8, 59)
    dispatch.tick()
    assert OutboxEntry.objects.count() == 0
    frozen(2026, 3, 11, 9, 0)
    dispatch.tick()
    assert OutboxEntry.objects.count() == 5


def test_the_provider_rate_is_kept(db, campaign_settings, settings):
    settings.ZGODA_CAMPAIGN_RATE = "outbox:40,*:1000"
    people(60)
    dispatch._paces.clear()
    started = time.monotonic()
    dispatch.schedule(make_campaign())
    took = time.monotonic() - started
    assert OutboxEntry.objects.count() == 60
    assert took >= (60 - 40) / 40  # a burst of one second's worth, then 40 per second
    dispatch._paces.clear()


class Killed(BaseException):
    pass


def test_killed_chunk_is_resent_under_the_same_key_when_the_provider_has_idempotency(
    db, campaign_settings, settings, monkeypatch
):
    settings.ZGODA_CAMPAIGN_LEASE_SECONDS = 0
    people(60)
    campaign = make_campaign()
    real_send = bulk.send

    def dies_before_sending(*args, **kwargs):
        raise Killed()

    monkeypatch.setattr(bulk, "send", dies_before_sending)
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.SCHEDULED)
    with monkeypatch.context() as patch:
        patch.setattr(dispatch, "enqueue", lambda *a: None)
        dispatch.start(campaign.pk)
    with pytest.raises(Killed):
        dispatch.run_batch(campaign.pk)
    keys = dict(Message.objects.values_list("to", "idempotency_key"))
    assert Recipient.objects.filter(state=Recipient.State.SENDING).count() == 50
    monkeypatch.setattr(bulk, "send", real_send)
    dispatch.tick()
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE
    assert OutboxEntry.objects.count() == 60 and Message.objects.count() == 60
    assert all(dict(Message.objects.values_list("to", "idempotency_key"))[to] == key for to, key in keys.items())
