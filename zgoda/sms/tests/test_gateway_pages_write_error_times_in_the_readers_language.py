"""The gateways pages write when a send failed as the reader's language does, in the site's
time zone: "02.12.2026 14:05:09" in Polish, "December 2, 2026, 14:05:09" in English (never
"02.12 14:05:09" on an English page, never UTC)."""

from datetime import UTC, datetime

import pytest

from conftest import make_user
from zgoda.sms.models import Message, SendAttempt

from .conftest import use_providers

LIST = "/admin/sms/providerhealth/"
FAILED_AT = datetime(2026, 12, 2, 13, 5, 9, tzinfo=UTC)  # 14:05:09 in Warsaw


@pytest.mark.parametrize(("language", "written"), [("pl", "02.12.2026 14:05:09"), ("en", "December 2, 2026, 14:05:09")])
def test_gateway_pages_write_the_last_errors_time_in_the_readers_language(client, db, settings, language, written):
    use_providers(settings, kannel=("kannel", {"url": "http://127.0.0.1:1/", "username": "u", "password": "p"}))
    message = Message.objects.create(kind="otp", to="+48500100200", text="kod", encoding="GSM-7", segments=1)
    SendAttempt.objects.create(message=message, provider="kannel", outcome="temporary", error="Kannel 503",
                               started_at=FAILED_AT, finished_at=FAILED_AT)  # fmt: skip
    client.force_login(make_user("ops@example.com", phone="+48500100999", is_staff=True, is_superuser=True))
    overview = client.get(LIST, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    one = client.get(LIST + "kannel/change/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"{written}: Kannel 503" in overview
    assert f"<td>{written}</td>" in one
