"""STOP replies: an inbound SMS holding a stop word withdraws the sender's marketing consent."""

import logging
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone

from zgoda.accounts import api as accounts_api
from zgoda.consent import api as consent_api
from zgoda.lib import languages
from zgoda.lib.phone import e164_or_blank
from zgoda.sms import api as sms_api

from ... import app_settings
from ...signals import stop_received
from . import withdrawal

log = logging.getLogger(__name__)
_FOLD = str.maketrans({"ł": "l", "Ł": "L"})  # the one Polish letter NFKD does not fold
WORD = re.compile(r"[A-Z0-9]+")


def fold(text: str) -> str:
    """Upper case without diacritics: "rezygnuję" -> "REZYGNUJE"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def is_stop(text: str) -> bool:
    """A stop word as a whole word anywhere in the text ("nie, dziękuję" yes; "NIEBO" no)."""
    return any(word in app_settings.STOP_WORDS for word in WORD.findall(fold(text)))


def handle(message, provider_name: str) -> bool:
    """Withdraw for the sender of `message` (an InboundMessage) if it says stop; answer it."""
    if not is_stop(message.text):
        return False
    phone = e164_or_blank(message.sender)
    if not phone:
        log.warning("STOP reply from a sender that is no phone number: inbound %s", message.pk)
        return False
    replies = sms_api.can_reply_through(provider_name)
    language = reply_language(phone) if replies else None  # read before the withdrawal ends the consent
    withdrew = bool(withdrawal.withdraw_number(phone, "sms_reply"))
    transaction.on_commit(lambda: stop_received.send(sender=type(message), phone=phone, withdrew=withdrew,
                                                     at=timezone.now()))
    if replies:
        confirm(phone, language)
    return True


def reply_language(phone: str) -> str:
    """The language of the number's marketing consent text (the newest granted one), else the
    language of the account whose 2FA number it is, else Polish."""
    consents = consent_api.number_overview(phone)["consents"]
    if consents:
        return languages.supported(consents[-1]["language"])
    return languages.supported(accounts_api.language_of_number(phone))


def confirm(phone: str, language: str | None = None) -> None:
    """Answer a STOP from `phone` at most once per local day, in `language` (None: Polish):
    forged or repeated STOPs (the sender's number is not proved) cost one SMS a day per
    number, not one each. The key is unique across processes (sms.api.queue_sms's once_key)."""
    try:
        sms_api.queue_sms(phone, app_settings.stop_reply(language), sms_api.MessageKind.SERVICE, tag="stop",
                          once_key=f"stop-reply:{phone}:{timezone.localdate().isoformat()}")
    except sms_api.SendRefused as refused:
        (log.info if refused.reason == "repeated" else log.warning)("STOP confirmation not sent: %s", refused.message)
    except IntegrityError:  # the same number's STOP answered at this moment in another process
        log.info("STOP confirmation not sent: repeated")
