"""`make run`'s shop in use: demo customers with consents (consent's `demo-data`, some
withdrawn), a landing page, and one campaign already sent with clicks, opt-outs (STOP) and a
conversion, so the report and the consent dashboard have something to show. Idempotent."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.utils import override_settings

from zgoda.lib import site
from zgoda.privacy import api as privacy
from zgoda.sms import api as sms

from ...models import Campaign, Conversion, LandingPage, Recipient
from . import compose, dispatch, tracking

CUSTOMERS = 40
DEMO_DOMAIN = "demo.zgoda.test"  # consent's demo-data gives its people addresses here
PAGE = {
    "slug": "mikolajki", "title": "Mikołajki: -20% na kawę i herbatę",
    "body": "Do niedzieli cała kawa i herbata taniej o 20%.\n\nDarmowa dostawa od 99 zł.",
    "cta_label": "Idę na zakupy",
}  # fmt: skip
CAMPAIGN_SLUG = "demo-mikolajki"
PHONE_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def customers(out) -> None:
    """Demo people with 2FA and marketing consents, some withdrawn; once."""
    if get_user_model().objects.filter(username__endswith=f"@{DEMO_DOMAIN}").exists():
        return
    call_command("demo_data", users=CUSTOMERS, twofa=0.9, marketing=0.8, withdrawn=0.15, twofa_off=0.05,
                 seed=2026, stdout=out)  # fmt: skip


def landing_page() -> LandingPage:
    page, _created = LandingPage.objects.get_or_create(
        slug=PAGE["slug"], defaults={**PAGE, "cta_url": site.public_url() + "/"})
    return page


def sent_campaign(page: LandingPage) -> Campaign:
    """One campaign sent now, whatever the hour (quiet hours off for the demo's own send), then
    some of its recipients click, one buys and two answer STOP."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is not None:
        return campaign
    providers = sms.provider_names()
    campaign = Campaign.objects.create(
        name="Mikołajki (demo)", slug=CAMPAIGN_SLUG, sender=sms.sender(), provider=providers[0] if providers else "outbox",
        text=f"Mikolajki w sklepie: -20% na kawe i herbate do niedzieli! {compose.landing_link(page.slug)}",
    )  # fmt: skip
    with override_settings(ZGODA_CAMPAIGN_QUIET_HOURS="off", ZGODA_CAMPAIGN_QUIET_DAYS="", ZGODA_CAMPAIGN_RATE="0"):
        dispatch.schedule(campaign)
        dispatch.start(campaign.pk)  # the worker, when it comes, finds nothing left to do
        dispatch.run_batch(campaign.pk)
    sent = list(Recipient.objects.filter(campaign=campaign, link_token__isnull=False).order_by("id"))
    for row in sent[: max(1, len(sent) // 3)]:
        tracking.click(row, PHONE_AGENT)
    if sent:
        tracking.convert(sent[0], Conversion.Source.CTA, reference=f"page:{page.slug}")
    for row in sent[-2:]:
        privacy.withdraw_marketing_by_phone(row.phone, "sms_reply")
    campaign.refresh_from_db()
    return campaign


def load(out) -> Campaign:
    customers(out)
    return sent_campaign(landing_page())
