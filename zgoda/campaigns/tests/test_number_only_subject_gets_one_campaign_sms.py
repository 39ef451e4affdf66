"""A number-only subject (a consent a shop posted through the API, its number proved by a code)
is in a campaign's snapshot with no user, gets exactly one SMS with its own opt-out link, and
the link ends its consent."""

from zgoda.campaigns.internal.flows import dispatch
from zgoda.campaigns.models import Campaign, Recipient
from zgoda.consent import api
from zgoda.consent.tests.number_only import NUMBER, number_only, post_consent
from zgoda.privacy.models import OptOutToken
from zgoda.sms.models import OutboxEntry

from .conftest import OPTOUT_IN_TEXT, make_campaign, people


def test_the_snapshot_holds_it_without_a_user_and_dispatch_sends_once(db, campaign_settings, client):
    people(3)
    number_only()
    post_consent("+48510200399")  # never confirmed: no SMS
    campaign = make_campaign()
    dispatch.schedule(campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE and campaign.audience_size == 4
    recipient = Recipient.objects.get(campaign=campaign, phone=NUMBER)
    assert recipient.user_id is None and recipient.state == Recipient.State.SENT
    (text,) = OutboxEntry.objects.filter(to=NUMBER).values_list("text", flat=True)
    assert not OutboxEntry.objects.filter(to="+48510200399").exists()
    token = OPTOUT_IN_TEXT.search(text).group(2)
    assert OptOutToken.objects.get(token=token).phone == NUMBER
    client.post(f"/o/{token}")
    assert api.still_valid([(None, NUMBER)]) == set()
