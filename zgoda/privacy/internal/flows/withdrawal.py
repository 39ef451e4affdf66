"""Withdrawing marketing consent: by whoever holds a number (STOP, opt-out link, the
number portal), or by an account on its own page."""

from django.utils.translation import gettext_lazy

from zgoda.consent import api as consent_api
from zgoda.lib.personal_data import Number
from zgoda.lib.phone import e164_or_blank

from ...models import DataSubjectRequest
from . import requests

# What the ledger keeps as the "label" of each way of withdrawing.
LABELS = {
    "optout_link": gettext_lazy("Wypisz mnie"),
    "sms_reply": gettext_lazy("Odpowiedź SMS: STOP"),
    "privacy_portal": gettext_lazy("Wycofuję zgodę"),
    "admin": gettext_lazy("Wniosek do sklepu"),
}
CHANNELS = {
    "optout_link": DataSubjectRequest.Channel.OPTOUT_LINK,
    "sms_reply": DataSubjectRequest.Channel.SMS_REPLY,
    "privacy_portal": DataSubjectRequest.Channel.PORTAL,
    "api": DataSubjectRequest.Channel.API,
}


def withdraw_number(phone: str, source: str, *, user_id=None, log_request=True, label: str = "") -> int:
    """End the marketing consents tied to the number (and the opt-out link's account,
    `user_id`) and suppress it; logged as a request. How many consents ended. `label`: what
    the person clicked, when the source has no fixed wording (a shop's API)."""
    e164 = e164_or_blank(phone)
    if not e164:
        return 0
    ended = consent_api.withdraw_number(e164, source, label=label or LABELS.get(source, ""), also_user_id=user_id)
    if log_request:
        channel = CHANNELS.get(source, DataSubjectRequest.Channel.OTHER)
        requests.log(DataSubjectRequest.Kind.WITHDRAWAL, channel, Number(e164), result={"consents_ended": ended})
    return ended


def withdraw_link(token, source: str = "optout_link") -> bool:
    """What an opt-out link's recipient withdraws: its number, or, once the link keeps only
    the number's keyed hash (retention), the consents tied to that hash."""
    if token.phone:
        return withdraw_number(token.phone, source, user_id=token.user_id)
    ended = consent_api.withdraw_number_key(token.phone_hash, source, label=LABELS.get(source, ""),
                                            also_user_id=token.user_id) if token.phone_hash else 0
    requests.log(DataSubjectRequest.Kind.WITHDRAWAL, CHANNELS[source], result={"consents_ended": ended})
    return bool(ended)


def withdraw_account(request, user, channel, *, log_request=True) -> bool:
    ended = consent_api.withdraw_account(request, user, label=LABELS["privacy_portal"])
    if log_request:
        requests.log(DataSubjectRequest.Kind.WITHDRAWAL, channel, user_id=user.pk, result={"consents_ended": int(ended)})
    return ended
