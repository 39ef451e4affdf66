from django import template

from ..money import money as _money

register = template.Library()


@register.filter
def money(amount, currency=None):
    """{{ cost|money }}: "0,00 zł" in Polish, "PLN 0.00" in English."""
    return _money(amount, currency or None)
