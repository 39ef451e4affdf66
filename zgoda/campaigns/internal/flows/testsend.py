"""A test send of a campaign to a staff phone, exactly as a recipient would see it."""

from django.utils import timezone

from zgoda.privacy.api import issue_optout_tokens, optout_url
from zgoda.sms.api import MessageKind, SendRefused, queue_sms

from . import compose


def send_test(campaign, phone: str, user) -> str:
    """Queue the SMS (a real opt-out link for that phone; a tracked link that leads where the
    campaign's will, with a "test" notice on a landing page, counting nothing).
    Returns "" or why it was refused, for staff."""
    token = issue_optout_tokens([(None, phone)], source="campaign_test")[0]
    text = compose.render(campaign.text, link_token=compose.test_token(campaign.pk), optout_url=optout_url(token),
                          consent_date=timezone.localdate().strftime(compose.DATE_FORMAT),
                          stop=compose.offers_stop(campaign.provider, campaign.sender), language=campaign.language)
    try:
        queue_sms(phone, text, MessageKind.MARKETING, tag=f"{campaign.name} (test)"[:120])
    except SendRefused as refused:
        return refused.message
    return ""
