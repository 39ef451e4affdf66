"""Money as people read it in their language: "1 234,56 zł" in Polish, "PLN 1,234.56" in English.

Also the templates' `money` filter (a template library, TEMPLATES' "libraries" in settings), so
every app's pages write amounts alike: `{% load money %}{{ amount|money:currency }}`."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language

# The currency's own sign where the language has one; otherwise its code.
SIGNS = {("PLN", "pl"): "zł"}
NBSP = "\xa0"


def _language() -> str:
    return (get_language() or "pl").split("-")[0]


def pattern(currency: str) -> str:
    """How an amount is written: "{amount} zł" (Polish: after the number), "PLN {amount}" (English)."""
    language = _language()
    sign = SIGNS.get((currency, language), currency)
    return f"{{amount}}{NBSP}{sign}" if language == "pl" else f"{sign}{NBSP}{{amount}}"


def separators() -> tuple[str, str]:
    """(decimal, thousands) of the current language (the composer's script writes amounts alike)."""
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    return formats.get_format("DECIMAL_SEPARATOR"), NBSP if thousands in (" ", NBSP) else thousands


def money(amount, currency: str) -> str:
    value = Decimal(amount or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    decimal, thousands = separators()
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    number = ("-" if value < 0 else "") + thousands.join([whole, *groups]) + decimal + cents
    return pattern(currency).format(amount=number)


register = template.Library()
register.filter("money", money)
