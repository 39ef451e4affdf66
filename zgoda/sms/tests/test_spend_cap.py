"""Daily spend cap on code SMS: past it new codes are refused with a clear message on the
challenge and enrollment pages, staff get one e-mail a day, and a refused send costs nothing."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import Sum
from django.utils import timezone

from conftest import PHONE, login_password, make_user, run_at_once
from zgoda.accounts.models import AuditEvent
from zgoda.sms.api import SendRefused, queue_sms
from zgoda.sms.models import Message, SpendDay

from .conftest import use_providers
from .test_provider_contract_http import json_options

REFUSAL = "dzisiejszy limit wydatków na SMS-y z kodami został wyczerpany"
CHALLENGE, RESEND = "/accounts/2fa/challenge/", "/accounts/2fa/challenge/resend/"


@pytest.fixture
def priced(settings, json_gateway, callbacks):
    """Code SMS cost 0.05 PLN each at the gateway; the cap lets one through, not two."""
    use_providers(settings, jsongw=("http", json_options(json_gateway.url, price="PL:0.05")))
    settings.ZGODA_SMS_OTP_DAILY_SPEND_CAP = "0.08"
    settings.ADMINS = [("Obsługa", "ops@sklep.example.pl")]
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    return json_gateway


def spent_today():
    return Message.objects.filter(kind="otp").aggregate(s=Sum("cost"))["s"] or Decimal(0)


def page(response):
    return html.unescape(response.content.decode())


def test_resend_past_the_cap_is_refused_on_the_challenge_page_and_costs_nothing(
    priced, client, user_2fa, django_capture_on_commit_callbacks
):
    login_password(client)
    assert len(priced.sent) == 1 and spent_today() == Decimal("0.05")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, follow=True)
    assert REFUSAL in page(response)
    assert Message.objects.count() == 1 and len(priced.sent) == 1
    assert spent_today() == Decimal("0.05")
    reasons = [e.details["reason"] for e in AuditEvent.objects.filter(event="code_refused")]
    assert len(reasons) == 1 and REFUSAL in reasons[0]


def test_staff_are_emailed_once_a_day(priced, client, user_2fa, django_capture_on_commit_callbacks):
    login_password(client)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(RESEND)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ops@sklep.example.pl"]
    assert "limit wydatków" in email.subject and "0.08 PLN" in email.body and "0.05 PLN" in email.body
    assert SpendDay.objects.get(kind="otp").staff_alerted_at is not None


def test_first_login_code_past_the_cap_is_refused_with_the_reason_on_the_challenge_page(priced, client, user_2fa):
    Message.objects.create(kind="otp", to="+48500100999", text="x", encoding="GSM-7", segments=1, cost=Decimal("0.08"))
    response = login_password(client, follow=True)
    assert REFUSAL in page(response)
    assert priced.sent == [] and Message.objects.count() == 1


def test_enrollment_past_the_cap_is_refused_with_the_reason(priced, client, db):
    client.force_login(make_user("ewa@example.com"))
    Message.objects.create(kind="otp", to="+48500100999", text="x", encoding="GSM-7", segments=1, cost=Decimal("0.08"))
    response = client.post("/accounts/2fa/sms/", {"phone": "500 100 200"}, follow=True)
    assert REFUSAL in page(response)
    assert priced.sent == []


def test_only_todays_code_sms_count(priced, db):
    yesterday = timezone.now() - timedelta(days=1)
    old = Message.objects.create(kind="otp", to=PHONE, text="x", encoding="GSM-7", segments=1, cost=Decimal("5"))
    Message.objects.filter(pk=old.pk).update(created_at=yesterday)
    Message.objects.create(kind="marketing", to=PHONE, text="x", encoding="GSM-7", segments=1, cost=Decimal("5"))
    queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", Message.Kind.OTP)
    assert len(priced.sent) == 1


def test_a_code_sms_that_never_went_out_gives_its_money_back(priced, settings, db):
    priced.mode = "server_error"
    settings.ZGODA_SMS_MAX_ATTEMPTS = 1
    failed = queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", Message.Kind.OTP)
    failed.refresh_from_db()
    assert failed.status == Message.Status.FAILED and failed.cost == 0
    priced.mode = "ok"
    queue_sms(PHONE, "Zgoda: kod nr 2 z dzis: 123 457.", Message.Kind.OTP)
    assert len(priced.sent) == 1


def test_direct_send_past_the_cap_raises_and_queues_nothing(priced, db):
    queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", Message.Kind.OTP)
    with pytest.raises(SendRefused) as refused:
        queue_sms(PHONE, "Zgoda: kod nr 2 z dzis: 123 457.", Message.Kind.OTP)
    assert refused.value.reason == "spend_cap" and REFUSAL in refused.value.message
    assert Message.objects.count() == 1 and len(priced.sent) == 1


def test_marketing_is_not_capped_by_the_code_budget(priced, db):
    queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", Message.Kind.OTP)
    queue_sms(PHONE, "Promocja", Message.Kind.MARKETING)
    assert len(priced.sent) == 2


def test_an_empty_cap_means_no_cap(priced, settings, db):
    settings.ZGODA_SMS_OTP_DAILY_SPEND_CAP = ""
    for n in range(3):
        queue_sms(PHONE, f"Zgoda: kod nr {n} z dzis: 123 456.", Message.Kind.OTP)
    assert len(priced.sent) == 3


@pytest.mark.django_db(transaction=True)
def test_the_days_first_code_sms_asked_by_four_requests_at_once_goes_out_once(priced, tmp_path):
    """The day's row is made by its first SMS and locks the check: concurrent first sends of
    the day neither fail nor slip two under a cap that lets one through."""
    def send():
        try:
            queue_sms(PHONE, "Zgoda: kod nr 1 z dzis: 123 456.", Message.Kind.OTP)
        except SendRefused as refused:
            return refused.reason
        return "sent"

    assert sorted(run_at_once(send, 4, tmp_path)) == ["sent", "spend_cap", "spend_cap", "spend_cap"]
    assert SpendDay.objects.filter(kind="otp").count() == 1
    assert Message.objects.count() == 1
