"""Campaign settings with their defaults, read from django.conf.settings (ZGODA_CAMPAIGN_*).

zgoda/settings/ fills them from the environment; .env.example documents each one.
"""

from datetime import time

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from zgoda.lib import languages


def _get(name, default):
    return getattr(settings, name, default)


# The footer's wording, translated in the catalog (GSM-7 in every language: a check says so).
FOOTER = gettext_noop("{shop}: reklama, zgoda z {consent_date}. Wypisz: {optout_url}{stop}")


def footer_template(language: str | None = None) -> str:
    """The footer every campaign SMS ends with, in the campaign's `language` (default: Polish):
    who advertises, that it is advertising, the legal basis and the opt-out link, in GSM-7.
    The operator's own: ZGODA_CAMPAIGN_FOOTER (Polish), ZGODA_CAMPAIGN_FOOTER_EN (English);
    else FOOTER from the catalog.

    {shop}: the shop's name (ZGODA_SITE_NAME, in GSM-7 letters); {consent_date}: the day the
    person consented (DD.MM.YY), the stated basis; {optout_url}: their opt-out link; {stop}:
    stop_wording() when the campaign's gateway can receive replies, else nothing. A system check
    refuses a template without {optout_url} or {consent_date}, or promising STOP outside {stop}."""
    return languages.text("ZGODA_CAMPAIGN_FOOTER", language, lambda code: _in(code, FOOTER))


# What {stop} becomes when a reply can reach us (sms.api.receives_replies); GSM-7 in the
# campaign's language. An alphanumeric sender cannot be answered: then {stop} is empty.
STOP_WORDING = gettext_noop(" lub odpisz STOP")


def stop_wording(language: str | None = None) -> str:
    return _in(languages.supported(language), STOP_WORDING)


def _in(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def rate_per_second(provider: str) -> float:
    """Messages per second a campaign may hand to `provider` (ZGODA_CAMPAIGN_RATE:
    "50" for every provider, or "kannel:100,smsapi:30,*:20")."""
    raw = str(_get("ZGODA_CAMPAIGN_RATE", "50")).strip()
    rates = {}
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        name, _, value = part.rpartition(":")
        rates[name or "*"] = float(value)
    return rates.get(provider, rates.get("*", 50.0))


def parse_quiet_hours(raw: str) -> tuple[time, time] | None:
    """"20:00-09:00" -> (20:00, 09:00); "" or "off" -> None. Raises ValueError when malformed."""
    raw = (raw or "").strip().lower()
    if raw in ("", "off", "none"):
        return None
    start, end = raw.split("-")
    return time.fromisoformat(start.strip().zfill(5)), time.fromisoformat(end.strip().zfill(5))


def quiet_hours() -> tuple[time, time] | None:
    """Local hours in which no campaign SMS goes out (ZGODA_CAMPAIGN_QUIET_HOURS, default 20:00-09:00)."""
    return parse_quiet_hours(_get("ZGODA_CAMPAIGN_QUIET_HOURS", "20:00-09:00"))


DAY_NAMES = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def quiet_days() -> set[int]:
    """Whole weekdays without campaign SMS (ZGODA_CAMPAIGN_QUIET_DAYS, default "sun"; 0 = Monday)."""
    raw = _get("ZGODA_CAMPAIGN_QUIET_DAYS", "sun")
    return {DAY_NAMES[d.strip().lower()[:3]] for d in str(raw or "").split(",") if d.strip()}


def quiet_time_zone() -> str:
    """The clock quiet hours are read on (ZGODA_CAMPAIGN_TIME_ZONE, default Europe/Warsaw)."""
    return _get("ZGODA_CAMPAIGN_TIME_ZONE", "Europe/Warsaw")


def batch_size() -> int:
    """Recipients one batch task handles before it hands over to the next task."""
    return int(_get("ZGODA_CAMPAIGN_BATCH", 2000))


def chunk_size() -> int:
    """Recipients claimed, sent and recorded together (the most a killed worker can leave
    undecided on a provider without idempotency keys)."""
    return int(_get("ZGODA_CAMPAIGN_CHUNK", 50))


def lease_seconds() -> int:
    """How long a chunk stays claimed by its worker; after that another worker settles it."""
    return int(_get("ZGODA_CAMPAIGN_LEASE_SECONDS", 120))


def conversion_secret() -> str:
    """Shared secret of the server-to-server conversion API ("" = API off)."""
    return _get("ZGODA_CAMPAIGN_CONVERSION_SECRET", "") or ""


def report_optout_days() -> int:
    """Opt-outs (link or STOP) this many days after a recipient's SMS count in the report."""
    return 7


# User agents of link-preview fetchers and scanners: their clicks are not counted.
PREVIEW_BOTS = (
    "facebookexternalhit", "facebot", "whatsapp", "twitterbot", "slackbot", "slack-imgproxy", "telegrambot",
    "discordbot", "linkedinbot", "skypeuripreview", "applebot", "googlebot", "bingbot", "bingpreview",
    "viber", "snapchat", "pinterest", "embedly", "redditbot", "iframely", "outbrain", "google-pagerenderer",
    "python-requests", "curl/", "wget/", "preview", "crawler", "spider", "bot/", "bot;",
)  # fmt: skip

# A per-recipient link token: 8 of 62 letters and digits (47.6 bits).
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
LINK_TOKEN_LENGTH = 8


def shop_logo() -> str:
    """The shop's logo on landing pages: a path among the static files (ZGODA_SHOP_LOGO, e.g.
    "shop/logo.svg"; "" = the shop's name alone). Never an outside address: a landing page
    loads nothing from elsewhere."""
    return str(_get("ZGODA_SHOP_LOGO", "") or "").strip().lstrip("/")


def privacy_policy_url() -> str:
    """The shop's privacy policy, linked in the landing pages' footer (ZGODA_PRIVACY_POLICY_URL;
    "" = only the link to Zgoda's own privacy page)."""
    return str(_get("ZGODA_PRIVACY_POLICY_URL", "") or "").strip()


# A test SMS's tracked link: TEST and the campaign's id in four letters. Real tokens never start
# so (tokens.link_tokens draws again), so /l/TEST... always means a test.
TEST_TOKEN_PREFIX = "TEST"


def recipient_retention_days() -> int:
    """A campaign recipient's number (and account) is blanked this many days after the campaign
    was snapshotted; the row stays for the report's counts."""
    return int(_get("ZGODA_RETENTION_CAMPAIGN_NUMBERS_DAYS", 365))
