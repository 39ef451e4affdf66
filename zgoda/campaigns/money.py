"""Amounts in the SMS gateways' currency, written as the reader's language writes money (lib.money)."""

from zgoda.lib import money as _money
from zgoda.sms import api as sms

separators = _money.separators


def pattern(currency: str | None = None) -> str:
    return _money.pattern(currency or sms.currency())


def money(amount, currency: str | None = None) -> str:
    return _money.money(amount, currency or sms.currency())
