"""The gateways pages write the day's spend as the composer and the campaign report do (one
`money` filter, zgoda.lib.money): "1 234,56 zł" in Polish, "PLN 1,234.56" in English, never
"0.00 PLN" beside "0,00 zł"."""

from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_user
from zgoda.sms.models import Message

from .conftest import use_providers

LIST = "/admin/sms/providerhealth/"


@pytest.mark.parametrize(("language", "written"), [("pl", "1\xa0234,57\xa0zł"), ("en", "PLN\xa01,234.57")])
def test_gateway_pages_write_the_days_spend_in_the_readers_language(client, db, settings, language, written):
    settings.ZGODA_SMS_CURRENCY = "PLN"
    use_providers(settings, kannel=("kannel", {"url": "http://127.0.0.1:1/", "username": "u", "password": "p"}))
    for cost in ("1234.50", "0.07"):
        Message.objects.create(kind="otp", to="+48500100200", text="kod", encoding="GSM-7", segments=1,
                               provider="kannel", status=Message.Status.DELIVERED, submitted_at=timezone.now(),
                               cost=Decimal(cost))  # fmt: skip
    client.force_login(make_user("ops@example.com", phone="+48500100999", is_staff=True, is_superuser=True))
    overview = client.get(LIST, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    one = client.get(LIST + "kannel/change/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<td>{written}</td>" in overview
    assert f"<td data-spend-today>{written}</td>" in one
