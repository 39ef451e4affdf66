"""The admin page per provider: state, sends and spend today, delivery rate over 24 h, last errors."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_user
from zgoda.sms.models import Message, ProviderHealth, SendAttempt

from .conftest import use_providers

LIST = "/admin/sms/providerhealth/"


@pytest.fixture
def staff(client, db, settings):
    user = make_user("ops@example.com", phone="+48500100999", is_staff=True, is_superuser=True)
    client.force_login(user)
    use_providers(settings, kannel=("kannel", {"url": "http://127.0.0.1:1/", "username": "u", "password": "p"}),
                  backup=("smsapi", {"token": "t"}))  # fmt: skip
    return client


def sent(provider, status, cost="0.07", hours_ago=0, **extra):
    at = timezone.now() - timedelta(hours=hours_ago)
    message = Message.objects.create(
        kind="otp", to="+48500100200", text="kod", encoding="GSM-7", segments=1, provider=provider,
        status=status, submitted_at=at, cost=Decimal(cost), **extra,
    )  # fmt: skip
    SendAttempt.objects.create(message=message, provider=provider, outcome="accepted", started_at=at, finished_at=at)
    return message


def failed_attempt(provider, error):
    message = Message.objects.create(kind="otp", to="+48500100200", text="kod", encoding="GSM-7", segments=1)
    now = timezone.now()
    SendAttempt.objects.create(message=message, provider=provider, outcome="temporary", error=error,
                               started_at=now, finished_at=now)  # fmt: skip


def test_overview_lists_configured_providers_in_order_with_their_state(staff):
    ProviderHealth.objects.create(name="kannel", consecutive_failures=7, open_until=timezone.now() + timedelta(minutes=1))
    ProviderHealth.objects.create(name="backup", consecutive_failures=1)
    page = staff.get(LIST).content.decode()
    assert page.index('data-provider="kannel"') < page.index('data-provider="backup"')
    assert "pomijana do" in page and "błędy (1 z rzędu)" in page


def test_provider_page_shows_sends_spend_delivery_rate_and_last_errors(staff):
    sent("kannel", Message.Status.DELIVERED)
    sent("kannel", Message.Status.DELIVERED)
    sent("kannel", Message.Status.SUBMITTED)
    sent("kannel", Message.Status.FAILED, cost="0.07")
    sent("kannel", Message.Status.DELIVERED, hours_ago=30)  # outside the 24 h window
    failed_attempt("kannel", "Kannel 503: Sending failed.")
    page = staff.get(LIST + "kannel/change/").content.decode()
    assert 'data-state="ok"' in page
    assert "<td data-sends-today>4</td>" in page
    assert "<td data-spend-today>0,28\xa0zł</td>" in page
    assert "50% (2/4)" in page
    assert "Kannel 503: Sending failed." in page


def test_provider_page_of_an_unknown_name_is_404(staff):
    assert staff.get(LIST + "nosuch/change/").status_code == 404


def test_gateways_page_is_for_staff_only(client, db):
    client.force_login(make_user("anna@example.com", phone="+48500100200"))
    assert client.get(LIST).status_code == 403
