"""A campaign that reaches its finished state sends one `campaign.finished` with its id, name
and counts per recipient state; no numbers."""

import json

from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Campaign
from zgoda.campaigns.tests.conftest import campaign_settings, make_campaign, people  # noqa: F401 - fixture


def test_one_event_with_the_counts(subscribe, receiver, commits, campaign_settings):  # noqa: F811
    subscribe(events=["campaign.finished"])
    people(4)
    campaign = make_campaign()
    with commits():
        dispatch.schedule(campaign)  # the in-process queue runs every batch now
        dispatch.tick()
    assert Campaign.objects.get().state == Campaign.State.DONE
    [request] = receiver.requests
    data = json.loads(request.body)["data"]
    assert (data["campaign_id"], data["name"]) == (campaign.pk, "Wiosenna promocja")
    assert data["counts"]["sent"] == 4 and data["counts"]["total"] == 4 and data["finished_at"]
    assert "+48" not in request.body.decode()
