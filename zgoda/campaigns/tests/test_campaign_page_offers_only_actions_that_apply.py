"""The campaign page offers only the actions its state allows: a draft is sent (through the
confirmation), never paused, resumed or cancelled; a scheduled one can go back to draft (to be
changed); a finished campaign offers none."""

import pytest
from django.test import Client

from zgoda.campaigns.models import Campaign

from .conftest import make_campaign
from .staff import staff_client

S = Campaign.State
OFFERED = {
    S.DRAFT: {"send", "test"}, S.SCHEDULED: {"draft", "pause", "cancel", "test"}, S.SENDING: {"pause", "cancel", "test"},
    S.PAUSED: {"resume", "cancel", "test"}, S.DONE: set(), S.CANCELLED: set(),
}  # fmt: skip


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_campaign_page_offers_only_actions_that_apply(db, campaign_settings, state, language):
    campaign = make_campaign(state=state)
    html = staff_client(Client()).get(f"/admin/campaigns/campaign/{campaign.pk}/change/",
                                      HTTP_ACCEPT_LANGUAGE=language).content.decode()
    offered = {a for a in ("send", "draft", "pause", "resume", "cancel", "test") if f'id="campaign-{a}"' in html}
    assert offered == OFFERED[state]
    assert 'id="campaign-report"' in html
    assert ('name="_send"' in html) == (state == S.DRAFT)
