"""Money reads as people write it: "0,00 zł" in Polish, "PLN 0.00" in English, alike in the
composer, the confirmation and the report."""

from decimal import Decimal

from django.utils import translation

from zgoda.campaigns.money import money


def test_money_is_written_in_the_readers_language(settings):
    settings.ZGODA_SMS_CURRENCY = "PLN"
    with translation.override("pl"):
        assert money(Decimal("0")) == "0,00\xa0zł"
        assert money(Decimal("1234.5")) == "1\xa0234,50\xa0zł"
        assert money(Decimal("0.005")) == "0,01\xa0zł"
        assert money(Decimal("3"), "EUR") == "3,00\xa0EUR"
    with translation.override("en"):
        assert money(Decimal("1234.5")) == "PLN\xa01,234.50"
