"""The campaign's admin page opens in every state, in Polish and English: a sent campaign's
page used to answer 500 (its read-only form has no provider field). Only a draft can be
changed or deleted: past it the page has no save or delete buttons and a POST changes
nothing, so a campaign confirmed for later never goes out with text nobody confirmed; to
change a scheduled one, the owner takes it back to a draft."""

import pytest
from django.contrib.auth.models import Permission, User

from zgoda.campaigns.models import Campaign

from .conftest import make_campaign
from .staff import staff_client

S = Campaign.State
READ_ONLY = [state for state in S.values if state != S.DRAFT]
SAVE_BUTTONS = ('name="_save"', 'name="_continue"', 'name="_addanother"', 'name="_send"')
CHANGED = {"name": "Zmieniona", "slug": "zmieniona", "text": "Inna tresc, ktorej nikt nie potwierdzil", "sender": "Inny",
           "provider": "outbox", "language": "", "twofa": ""}  # fmt: skip


def owner(client):
    """The staff client, also allowed to delete campaigns (so only the state can hide deletion)."""
    staff = staff_client(client)
    User.objects.get(email="szef@example.com").user_permissions.add(
        Permission.objects.get(content_type__app_label="campaigns", codename="delete_campaign"))
    return staff


def page(client, campaign, language="pl"):
    return client.get(f"/admin/campaigns/campaign/{campaign.pk}/change/", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_campaign_change_page_opens_in_every_state(client, db, campaign_settings, state, language):
    campaign = make_campaign(state=state)
    response = page(staff_client(client), campaign, language)
    assert response.status_code == 200
    assert campaign.name in response.content.decode()


def test_a_draft_page_offers_saving_and_deleting(client, db, campaign_settings):
    html = page(owner(client), make_campaign()).content.decode()
    assert all(button in html for button in SAVE_BUTTONS)
    assert 'class="deletelink"' in html


@pytest.mark.parametrize("state", READ_ONLY)
def test_a_campaign_past_draft_shows_no_save_or_delete_buttons(client, db, campaign_settings, state):
    html = page(owner(client), make_campaign(state=state)).content.decode()
    assert not [button for button in SAVE_BUTTONS if button in html]
    assert 'class="deletelink"' not in html
    assert 'id="campaign-report"' in html  # the report is still one click away
    assert "następne uruchomienie" not in html.lower()  # the sender's lease is nobody's reading


@pytest.mark.parametrize("state", READ_ONLY)
def test_a_post_to_a_campaign_past_draft_changes_nothing(client, db, campaign_settings, state):
    campaign = make_campaign(state=state)
    staff = owner(client)
    before = Campaign.objects.values().get(pk=campaign.pk)
    response = staff.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", {**CHANGED, "_save": "1"})
    assert response.status_code == 403
    assert staff.post(f"/admin/campaigns/campaign/{campaign.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Campaign.objects.values().get(pk=campaign.pk) == before


def test_a_scheduled_campaign_goes_back_to_draft_to_be_changed(client, db, campaign_settings):
    campaign = make_campaign(state=S.SCHEDULED)
    staff = owner(client)
    html = page(staff, campaign).content.decode()
    assert 'id="campaign-draft"' in html and "Wróć do szkicu" in html
    staff.post(f"/admin/campaigns/campaign/{campaign.pk}/state/draft/")
    assert Campaign.objects.get(pk=campaign.pk).state == S.DRAFT
    staff.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", {**CHANGED, "_save": "1"})
    changed = Campaign.objects.get(pk=campaign.pk)
    assert (changed.text, changed.state) == (CHANGED["text"], S.DRAFT)  # sent only after a new confirmation
