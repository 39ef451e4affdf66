"""Helpers for the campaign tests: people with valid marketing consents, campaigns, a clock."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zgoda.campaigns.internal.flows import clock
from zgoda.campaigns.models import Campaign
from zgoda.consent.internal.flows import demo
from zgoda.sms.tests.conftest import callback_server, callbacks, kannel  # noqa: F401 - SMS app's Kannel fixtures

WARSAW = ZoneInfo("Europe/Warsaw")
OPTOUT_IN_TEXT = re.compile(r"Wypisz: (\S+)/o/([A-Za-z0-9]{9})$")
LINK_IN_TEXT = re.compile(r"/l/([A-Za-z0-9]{8})")




@pytest.fixture
def campaign_settings(settings):
    settings.ZGODA_SHORT_BASE_URL = "sklep.pl"
    settings.ZGODA_CAMPAIGN_RATE = "0"  # no pacing unless a test asks for it
    settings.ZGODA_CAMPAIGN_QUIET_HOURS = "off"
    settings.ZGODA_CAMPAIGN_QUIET_DAYS = ""
    settings.ZGODA_CAMPAIGN_CHUNK = 50
    settings.ZGODA_CAMPAIGN_BATCH = 400
    return settings


def people(count: int, **mix) -> None:
    """`count` people with 2FA and a valid SMS marketing consent (the demo loader, in bulk)."""
    defaults = {"twofa": 1.0, "marketing": 1.0, "withdrawn": 0.0, "twofa_off": 0.0, "english": 0.0}
    demo.create(count, demo.Mix(**{**defaults, **mix}), seed=7)


def make_campaign(**fields) -> Campaign:
    values = {
        "name": "Wiosenna promocja", "slug": "wiosna", "provider": "outbox", "sender": "Sklep",
        "text": "Wiosna w sklepie: -20% na wszystko do niedzieli! {link:https://sklep.example.pl/wiosna}",
    }  # fmt: skip
    values.update(fields)
    return Campaign.objects.create(**values)


@pytest.fixture
def frozen(monkeypatch):
    """frozen(datetime) sets the campaigns' clock to a Warsaw wall-clock time."""

    def set_to(*args):
        moment = datetime(*args, tzinfo=WARSAW)
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return set_to
