"""Public opt-out API for the campaigns app: one short link per recipient of a marketing SMS.

    tokens = issue_optout_tokens([(user.pk, "+48500100200"), (None, "+48600200300")])
    text = f"... Wypisz: {optout_url(tokens[0])}"

A GET of the link only shows a "Wypisz mnie" button (link scanners open links); the POST
withdraws the recipient's marketing consent and suppresses the number for consents given
before now. `withdraw_marketing_by_phone` does the same for a number (e.g. a STOP reply).
"""

from . import app_settings
from .internal.flows import tokens as _tokens
from .internal.flows import withdrawal as _withdrawal

__all__ = ["issue_optout_tokens", "optout_url", "withdraw_marketing_by_phone", "is_suppressed"]


def issue_optout_tokens(recipients: list[tuple[int | None, str]], source: str = "campaign") -> list[str]:
    """One new token per (user id or None, E.164 phone), in the same order.

    Tokens are 9 characters of [A-Za-z0-9] from `secrets` (53.6 bits), stored as the
    primary key (a lookup is one index probe), written with bulk_create in batches."""
    return _tokens.issue(list(recipients), source=source)


def optout_url(token: str) -> str:
    """ZGODA_SHORT_BASE_URL + "/o/" + token, e.g. "zgoda.pl/o/Ab3dE5gH9"."""
    return f"{app_settings.short_base_url()}/o/{token}"


def withdraw_marketing_by_phone(phone: str, source: str, request=None) -> bool:
    """Withdraw the marketing consent of every account holding `phone` (any usual format)
    and suppress the number for consents given before now; logged as a data-subject
    request. `source` is a consent Source value (optout_link, sms_reply, privacy_portal...).
    True when a consent was withdrawn; False when there was none (or no valid number)."""
    return _withdrawal.withdraw_by_phone(phone, source, request=request)


def is_suppressed(phone: str, consent_given_at=None) -> bool:
    """Whether a campaign or an import must skip `phone`: a suppression entry (opt-out,
    STOP, erasure) exists that is not older than the consent (any entry, without a date).
    Audiences built on zgoda.consent's validity.marketing_sql already apply this rule."""
    from zgoda.consent.models import Suppression, phone_hash

    from .internal.flows.subject import e164_or_blank

    e164 = e164_or_blank(phone)
    if not e164:
        return True
    entries = Suppression.objects.filter(phone_hash=phone_hash(e164))
    if consent_given_at is not None:
        entries = entries.filter(created_at__gte=consent_given_at)
    return entries.exists()
