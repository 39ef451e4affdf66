"""STOP replies: an inbound SMS holding a stop word withdraws the sender's marketing consent."""

import logging
import re
import unicodedata

from zgoda.sms import app_settings as sms_settings
from zgoda.sms.api import SendRefused, queue_sms
from zgoda.sms.models import Message
from zgoda.sms.providers.registry import get_provider

from ... import app_settings
from . import subject as subjects
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


def _replies(provider_name: str) -> bool:
    """The gateway the STOP came through can answer it (it receives SMS and we send through it)."""
    if provider_name not in sms_settings.providers():
        return False
    try:
        provider = get_provider(provider_name)
    except Exception:  # noqa: BLE001  (a misconfigured provider: no reply, the withdrawal stands)
        log.warning("cannot answer a STOP reply through %s", provider_name, exc_info=True)
        return False
    return bool(getattr(provider, "supports_replies", provider.supports_inbound))


def handle(message, provider_name: str) -> bool:
    """Withdraw for the sender of `message` (an InboundMessage) if it says stop; answer it."""
    if not is_stop(message.text):
        return False
    phone = subjects.e164_or_blank(message.sender)
    if not phone:
        log.warning("STOP reply from a sender that is no phone number: inbound %s", message.pk)
        return False
    withdrawal.withdraw_by_phone(phone, "sms_reply")
    if _replies(provider_name):
        try:
            queue_sms(phone, app_settings.stop_reply(), Message.Kind.SERVICE, tag="stop")
        except SendRefused as refused:
            log.warning("STOP confirmation not sent: %s", refused.message)
    return True
