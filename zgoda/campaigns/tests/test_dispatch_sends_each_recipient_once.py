"""Dispatch through the dev outbox: every valid consent gets one SMS with the footer and
its own opt-out and tracked links; a withdrawal after scheduling is honoured; pause,
resume and cancel."""

from collections import Counter

import pytest

from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Campaign, Recipient
from zgoda.consent.models import ContactPoint
from zgoda.privacy.models import OptOutToken
from zgoda.privacy.api import withdraw_marketing_by_phone
from zgoda.sms.models import Message, OutboxEntry

from .conftest import LINK_IN_TEXT, OPTOUT_IN_TEXT, make_campaign, people


def test_every_recipient_gets_one_gsm7_sms_with_footer_and_own_links(db, campaign_settings):
    people(120)
    campaign = make_campaign()
    dispatch.schedule(campaign)  # immediate queue: snapshot and all batches run now
    campaign.refresh_from_db()

    assert campaign.state == Campaign.State.DONE
    assert campaign.audience_size == 120
    entries = list(OutboxEntry.objects.values_list("to", "text"))
    assert len(entries) == 120 and len({to for to, _ in entries}) == 120
    optouts = [OPTOUT_IN_TEXT.search(text) for _, text in entries]
    assert all(optouts) and len({m.group(2) for m in optouts}) == 120
    assert {m.group(1) for m in optouts} == {"sklep.pl"}
    links = [LINK_IN_TEXT.search(text).group(1) for _, text in entries]
    assert len(set(links)) == 120
    for _to, text in entries:
        assert text.startswith("Wiosna w sklepie: -20% na wszystko do niedzieli! sklep.pl/l/")
        assert " Sklep Zgoda: reklama, zgoda z " in text and "STOP" not in text
    messages = Message.objects.filter(kind=Message.Kind.MARKETING)
    assert set(messages.values_list("encoding", flat=True)) == {"GSM-7"}
    assert set(messages.values_list("tag", flat=True)) == {"Wiosenna promocja"}
    assert set(messages.values_list("sender", flat=True)) == {"Sklep"}
    assert Counter(Recipient.objects.values_list("state", flat=True)) == {Recipient.State.SENT: 120}
    # every opt-out link in the texts is a stored token for that very number
    stored = dict(OptOutToken.objects.values_list("token", "phone"))
    assert all(stored[m.group(2)] == to for m, (to, _) in zip(optouts, entries, strict=True))


def test_withdrawal_after_the_snapshot_is_honoured_before_the_batch(db, campaign_settings, settings, frozen):
    people(10)
    campaign = make_campaign()
    settings.ZGODA_CAMPAIGN_QUIET_DAYS = "sun"  # started on a Sunday: snapshot now, sending on Monday
    frozen(2026, 3, 15, 12, 0)
    dispatch.schedule(campaign)
    assert Recipient.objects.filter(campaign=campaign).count() == 10
    assert OutboxEntry.objects.count() == 0
    leaving = ContactPoint.objects.order_by("id").first().phone
    assert withdraw_marketing_by_phone(leaving, "privacy_portal")

    frozen(2026, 3, 16, 0, 0)
    dispatch.tick()
    sent_to = set(OutboxEntry.objects.values_list("to", flat=True))
    assert len(sent_to) == 9 and leaving not in sent_to
    assert Recipient.objects.get(campaign=campaign, phone=leaving).state == Recipient.State.SKIPPED


def test_withdrawal_before_the_start_keeps_the_number_out_of_the_snapshot(db, campaign_settings, frozen):
    people(5)
    frozen(2026, 3, 10, 10, 0)
    campaign = make_campaign(send_at=frozen(2026, 3, 10, 10, 0).replace(hour=12))
    dispatch.schedule(campaign)
    leaving = ContactPoint.objects.order_by("id").first().phone
    withdraw_marketing_by_phone(leaving, "sms_reply")
    frozen(2026, 3, 10, 12, 0)
    dispatch.tick()
    assert not Recipient.objects.filter(campaign=campaign, phone=leaving).exists()
    assert OutboxEntry.objects.count() == 4


def test_pause_stops_between_chunks_resume_finishes_and_cancel_stops_for_good(db, campaign_settings, monkeypatch):
    people(150)
    campaign = make_campaign()
    real = dispatch.send_chunk
    calls = []

    def pausing(campaign_, *args):
        calls.append(1)
        if len(calls) == 2:
            dispatch.pause(campaign_)
        return real(campaign_, *args)

    monkeypatch.setattr(dispatch, "send_chunk", pausing)
    dispatch.schedule(campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.PAUSED
    assert OutboxEntry.objects.count() == 100  # the chunk in hand finishes, no further one starts

    monkeypatch.setattr(dispatch, "send_chunk", real)
    dispatch.resume(campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE and OutboxEntry.objects.count() == 150

    with pytest.raises(dispatch.StateError):
        dispatch.cancel(campaign)  # done is final
    other = make_campaign(slug="jesien", name="Jesien")
    dispatch.cancel(other)
    other.refresh_from_db()
    assert other.state == Campaign.State.CANCELLED
    with pytest.raises(dispatch.StateError):
        dispatch.schedule(other)
