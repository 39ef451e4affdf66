"""Public opt-out API for the campaigns app: one short link per recipient of a marketing SMS.

    tokens = issue_optout_tokens([(user.pk, "+48500100200"), (None, "+48600200300")])
    text = f"... Wypisz: {optout_url(tokens[0])}"

A GET of the link only shows a "Wypisz mnie" button (link scanners open links); the POST
withdraws the recipient's marketing consent and suppresses the number for consents given
before now. `withdraw_marketing_by_phone` does the same for a number (e.g. a STOP reply),
`withdraw_marketing_through_api` for a shop's REST API call; each is a logged request.
"""

from . import app_settings
from .internal.flows import tokens as _tokens
from .internal.flows import withdrawal as _withdrawal

__all__ = [
    "is_suppressed", "issue_optout_tokens", "optout_url", "sample_optout_url", "short_base_url",
    "used_optout_tokens", "withdraw_marketing_by_phone", "withdraw_marketing_through_api",
]


def issue_optout_tokens(recipients: list[tuple[int | None, str]], source: str = "campaign") -> list[str]:
    """One new token per (user id or None, E.164 phone), in the same order.

    Tokens are 9 characters of [A-Za-z0-9] from `secrets` (53.6 bits), stored as the
    primary key (a lookup is one index probe), written with bulk_create in batches."""
    return _tokens.issue(list(recipients), source=source)


def optout_url(token: str) -> str:
    """ZGODA_SHORT_BASE_URL + "/o/" + token, e.g. "zgoda.pl/o/Ab3dE5gH9"."""
    return f"{app_settings.short_base_url()}/o/{token}"


def withdraw_marketing_by_phone(phone: str, source: str) -> bool:
    """End every marketing consent tied to `phone` (any usual format) and suppress the
    number for consents given before now; logged as a data-subject request. `source` is a
    consent Source value (optout_link, sms_reply, privacy_portal...). True when a consent
    ended; False when there was none (or no valid number). Accounts keep their 2FA."""
    return bool(_withdrawal.withdraw_number(phone, source))


def withdraw_marketing_through_api(phone: str, label: str) -> int:
    """A shop's withdrawal through the REST API: as withdraw_marketing_by_phone, source "api",
    logged as a request on the API channel, `label` what the customer clicked. How many
    consents ended."""
    return _withdrawal.withdraw_number(phone, "api", label=label)


def is_suppressed(phone: str, consent_given_at=None) -> bool:
    """Whether a campaign or an import must skip `phone`: a suppression entry (opt-out,
    STOP, erasure) exists that is not older than the consent (any entry, without a date).
    Audiences from zgoda.consent.api already apply this rule."""
    from zgoda.consent import api as consent_api
    from zgoda.lib.phone import e164_or_blank

    e164 = e164_or_blank(phone)
    return True if not e164 else consent_api.is_suppressed(e164, consent_given_at)


# --- for campaigns' composer and report ------------------------------------------------------
def short_base_url() -> str:
    """ZGODA_SHORT_BASE_URL without a trailing slash: campaigns' tracked links (/l/) share it."""
    return app_settings.short_base_url()


def sample_optout_url() -> str:
    """An opt-out URL exactly as long as every real one (for a campaign's length and cost)."""
    return optout_url("X" * app_settings.TOKEN_LENGTH)


def used_optout_tokens(token, after, before):
    """A queryset of the opt-out token `token` if it was used between `after` and `before`;
    the arguments may be OuterRef()s, for an Exists() per campaign recipient."""
    from .models import OptOutToken

    return OptOutToken.objects.filter(token=token, used_at__isnull=False, used_at__gte=after, used_at__lte=before)
