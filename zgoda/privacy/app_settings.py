"""Privacy settings with their defaults, read from django.conf.settings."""

from django.conf import settings

from zgoda.lib import languages


def _get(name, default):
    return getattr(settings, name, default)


def short_base_url() -> str:
    """Base of the opt-out short links put in marketing SMS (ZGODA_SHORT_BASE_URL), no slash.

    It may be written without the scheme ("zgoda.pl") to save characters in an SMS."""
    return str(_get("ZGODA_SHORT_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def portal_session_minutes() -> int:
    """After the code, the privacy portal shows the person's data for this many minutes."""
    return int(_get("ZGODA_PRIVACY_SESSION_MINUTES", 30))


# The answer to a STOP reply in each language (GSM-7 only: no Polish letters); the
# operator's own: ZGODA_PRIVACY_STOP_REPLY (Polish), ZGODA_PRIVACY_STOP_REPLY_EN (English).
STOP_REPLIES = {
    "pl": "Zgoda: wypisalismy Twoj numer z SMS-ow marketingowych. Nie wyslemy juz reklam.",
    "en": "Zgoda: your number is off our marketing SMS list. We will send no more ads.",
}


def stop_reply(language: str | None = None) -> str:
    """The answer to a STOP reply in `language` (default: Polish): one GSM-7 segment in every
    language (a system check refuses anything else)."""
    return languages.text("ZGODA_PRIVACY_STOP_REPLY", language, STOP_REPLIES)


def request_deadline_warning_days() -> int:
    """The admin flags an open data-subject request this many days before its deadline."""
    return int(_get("ZGODA_PRIVACY_DEADLINE_WARNING_DAYS", 7))


# Whole words that, anywhere in an inbound SMS, withdraw the sender's marketing consent
# (compared after upper-casing and folding Polish letters: REZYGNUJĘ -> REZYGNUJE).
STOP_WORDS = frozenset({"STOP", "NIE", "REZYGNUJE", "WYPISZ"})

# Letters of an opt-out token: 9 of 62 letters and digits = 53.6 bits of entropy.
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
TOKEN_LENGTH = 9


def account_link_hours() -> int:
    """An e-mailed link to an account's privacy page works this many hours (and once)."""
    return int(_get("ZGODA_PRIVACY_ACCOUNT_LINK_HOURS", 24))


def account_link_resend_minutes() -> int:
    """At most one such link per account within this many minutes."""
    return int(_get("ZGODA_PRIVACY_ACCOUNT_LINK_RESEND_MINUTES", 5))


def optout_number_retention_days() -> int:
    """An opt-out link keeps its number this many days; then only the number's keyed hash,
    which still withdraws and suppresses it."""
    return int(_get("ZGODA_RETENTION_OPTOUT_NUMBERS_DAYS", 365))


def purge_interval_hours() -> int:
    """The task worker applies the retention periods (zgoda purge) every this many hours."""
    return int(_get("ZGODA_PURGE_INTERVAL_HOURS", 24))
