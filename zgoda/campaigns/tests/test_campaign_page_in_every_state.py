"""The campaign's admin page opens in every state, in Polish and English: a sent campaign's
page used to answer 500 (its read-only form has no provider field)."""

import pytest

from zgoda.campaigns.models import Campaign

from .conftest import make_campaign
from .staff import staff_client


@pytest.mark.parametrize("state", Campaign.State.values)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_campaign_change_page_opens_in_every_state(client, db, campaign_settings, state, language):
    campaign = make_campaign(state=state)
    staff = staff_client(client)
    response = staff.get(f"/admin/campaigns/campaign/{campaign.pk}/change/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert campaign.name in response.content.decode()
