"""Helpers for number-only subjects: a shop posts a consent through consent.api, then its
API verification proves the number (accounts' number_proved with purpose "api")."""

from zgoda.accounts.signals import number_proved
from zgoda.consent import api

NUMBER = "+48510200300"
SHOP_IP = "203.0.113.7"
SHOP_UA = "Mozilla/5.0 (Sklep; formularz)"


def post_consent(phone=NUMBER, purpose="sms_marketing", version="1.0", **extra) -> dict:
    values = {"phone": phone, "purpose": purpose, "text_version": version, "label": "Chcę SMS-y z ofertami",
              "ip": SHOP_IP, "user_agent": SHOP_UA, "reference": "klient-42", "api_key_id": 7}
    return api.record_pending_consent(**{**values, **extra})


def prove(phone=NUMBER, purpose="api", api_key_id=7) -> None:
    """What accounts sends when a code of API key `api_key_id`'s verification was typed back."""
    number_proved.send(sender=None, user=None, phone=phone, purpose=purpose, api_key_id=api_key_id)


def number_only(phone=NUMBER, **extra) -> dict:
    """A confirmed number-only subject with a valid marketing consent."""
    answer = post_consent(phone, **extra)
    prove(phone)
    return answer
