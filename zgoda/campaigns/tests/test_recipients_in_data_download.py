"""RODO art. 15: an account's data download holds the campaigns that reached it, with its
clicks and conversions; a number's download holds the same rows without the account."""

import json

import pytest

from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Conversion, Recipient
from zgoda.privacy.internal.flows import download, subject

from .conftest import make_campaign, people

PHONE_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture
def clicked(client, db, campaign_settings):
    people(2)
    campaign = make_campaign(name="Mikołajki", text="Prezenty! {link:https://sklep.example.pl/mikolajki/}")
    dispatch.schedule(campaign)
    recipient = Recipient.objects.filter(campaign=campaign).order_by("id").first()
    assert client.get(f"/l/{recipient.link_token}", HTTP_USER_AGENT=PHONE_UA).status_code == 302
    Conversion.objects.create(recipient=recipient, campaign=campaign, source=Conversion.Source.API, reference="Z-1")
    return recipient


def test_account_download_lists_campaigns_with_clicks_and_conversions(client, clicked):
    client.force_login(clicked.user)
    response = client.post("/accounts/privacy/download/")
    [row] = json.loads(response.content)["campaigns_received"]
    assert row["campaign"] == "Mikołajki" and row["phone"] == clicked.phone
    assert row["clicks"] == 1 and len(row["link_clicks"]) == 1
    assert [c["source"] for c in row["conversions"]] == ["api"]


def test_number_download_lists_the_same_rows_without_the_account(clicked):
    data = download.build(subject.number(clicked.phone))
    [row] = data["campaigns_received"]
    assert row["clicks"] == 1 and "user" not in row and "email" not in json.dumps(data, default=str)
