"""Tracked links (/l/<token>), landing-page call-to-action clicks and shop-reported conversions."""

import urllib.parse

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ... import app_settings
from ...models import Campaign, Conversion, LinkClick, Recipient
from . import compose, tokens

UTM = {"utm_source": "sms", "utm_medium": "sms"}
RECIPIENT_PARAM = "zr"  # the recipient's token on the landing URL: a shop reports conversions with it


def is_preview_bot(user_agent: str) -> bool:
    agent = (user_agent or "").lower()
    return not agent or any(marker in agent for marker in app_settings.PREVIEW_BOTS)


def recipient_for(token: str) -> Recipient | None:
    if not tokens.looks_like_token(token or ""):
        return None
    return Recipient.objects.select_related("campaign").filter(link_token=token).first()


def destination(recipient: Recipient) -> str:
    """The campaign's link with the UTM parameters and the recipient's token added."""
    return destination_for(recipient.campaign, recipient.link_token)


def destination_for(campaign: Campaign, token: str) -> str:
    target = compose.target_of(campaign.text)
    parts = urllib.parse.urlsplit(target)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in query if k not in (*UTM, "utm_campaign", RECIPIENT_PARAM)]
    query += [*UTM.items(), ("utm_campaign", campaign.slug), (RECIPIENT_PARAM, token)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def test_destination(token: str) -> str | None:
    """Where a test SMS's link leads (nothing is counted), or None when it is no test link."""
    campaign_id = compose.campaign_of_test_token(token)
    campaign = Campaign.objects.filter(pk=campaign_id).first() if campaign_id else None
    if campaign is None or not compose.target_of(campaign.text):
        return None
    return destination_for(campaign, token)


def is_test_token(token: str) -> bool:
    return compose.campaign_of_test_token(token or "") is not None


def click(recipient: Recipient, user_agent: str) -> bool:
    """Count a click (not a link-preview bot's); True when counted."""
    if is_preview_bot(user_agent):
        return False
    now = timezone.now()
    with transaction.atomic():
        LinkClick.objects.create(recipient=recipient, campaign_id=recipient.campaign_id, at=now)
        Recipient.objects.filter(pk=recipient.pk).update(clicks=F("clicks") + 1)
        Recipient.objects.filter(pk=recipient.pk, first_click_at__isnull=True).update(first_click_at=now)
    return True


def convert(recipient: Recipient, source: str, reference: str = "") -> bool:
    """Record a conversion once per recipient, source and reference; True when new."""
    now = timezone.now()
    try:
        with transaction.atomic():
            Conversion.objects.create(recipient=recipient, campaign_id=recipient.campaign_id, source=source,
                                      reference=reference[:120], at=now)
            Recipient.objects.filter(pk=recipient.pk, converted_at__isnull=True).update(converted_at=now)
    except IntegrityError:
        return False
    return True
