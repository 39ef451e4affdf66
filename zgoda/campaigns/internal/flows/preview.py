"""What "Send" is about to do, shown before it is done: recipients, segments, cost against the
day's spend cap, gateway, sending window and one recipient's SMS exactly as it will go out."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from zgoda.lib.phone import masked
from zgoda.privacy import api as privacy
from zgoda.sms import api as sms

from ... import app_settings
from ...models import Campaign
from . import audience, clock, compose, quiet, tokens


@dataclass
class Preview:
    recipients: int
    segments: int  # per message (the longest variant: every variant is as long)
    encoding: str
    total_segments: int
    cost: Decimal
    spend_left: Decimal | None  # None: no daily cap
    provider: str
    starts_at: datetime  # when the first SMS may go out (send_at, pushed past quiet hours)
    deferred: bool  # starts_at was pushed by quiet hours
    quiet_hours: str
    quiet_days: list[int]
    time_zone: str
    sample_phone: str
    sample_text: str
    fingerprint: str

    @property
    def over_cap(self) -> bool:
        return self.spend_left is not None and self.cost > self.spend_left


def fingerprint(campaign: Campaign) -> str:
    """Changes whenever what would be sent changes: a confirmation holds only for what it showed."""
    parts = [campaign.text, campaign.provider, campaign.sender, campaign.language, str(campaign.consent_since),
             campaign.twofa, str(campaign.send_at), campaign.state]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _sample_optout_url() -> str:
    """An opt-out link like a real one: the sample's placeholder letters drawn at random."""
    sample = privacy.sample_optout_url()
    stem = sample.rstrip("X")
    return stem + "".join(secrets.choice(app_settings.TOKEN_ALPHABET) for _ in sample[len(stem):])


def build(campaign: Campaign) -> Preview:
    recipients = audience.count_for(campaign)
    analysis = compose.analyze(campaign.text, recipients, campaign.provider, campaign.language)
    first = audience.first_of(campaign)
    phone, consent_at = first if first else ("", clock.now())
    sample_text = compose.render(
        campaign.text, link_token=tokens.link_tokens(1)[0], optout_url=_sample_optout_url(),
        consent_date=timezone.localtime(consent_at).strftime(compose.DATE_FORMAT),
        stop=compose.offers_stop(campaign.provider, campaign.sender), language=campaign.language,
    )  # fmt: skip
    start = max(campaign.send_at or clock.now(), clock.now())
    later = quiet.next_allowed(start)
    hours = app_settings.quiet_hours()
    return Preview(
        recipients=recipients, segments=analysis.segments, encoding=analysis.encoding,
        total_segments=analysis.segments * recipients, cost=analysis.cost,
        spend_left=sms.spend_left(sms.MessageKind.MARKETING), provider=campaign.provider,
        starts_at=later or start, deferred=later is not None,
        quiet_hours=f"{hours[0]:%H:%M}–{hours[1]:%H:%M}" if hours else "",
        quiet_days=sorted(app_settings.quiet_days()), time_zone=app_settings.quiet_time_zone(),
        sample_phone=masked(phone) if phone else "", sample_text=sample_text, fingerprint=fingerprint(campaign),
    )  # fmt: skip
