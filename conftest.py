"""Fixtures shared by every app's tests."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache

from zgoda.accounts.models import SmsTwoFactor
from zgoda.sms.models import OutboxEntry

PASSWORD = "Sekretne-haslo-2026"
PHONE = "+48500100200"
CODE_IN_SMS = re.compile(r"kod nr (\d+) z dzis: ([\d ]+)\.")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # allauth keeps its rate-limit counters in the cache
    yield
    cache.clear()


def make_user(email="anna@example.com", phone=None, **extra):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if phone:
        SmsTwoFactor.objects.create(user=user, phone=phone)
    return user


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def user_2fa(db):
    return make_user(phone=PHONE)


def sms_to(phone):
    return list(OutboxEntry.objects.filter(to=phone).order_by("sent_at", "id").values_list("text", flat=True))


def last_code(phone=PHONE):
    """(ordinal, code digits) of the newest code SMS to `phone`, read from the dev phone."""
    texts = sms_to(phone)
    assert texts, f"no SMS to {phone}"
    ordinal, code = CODE_IN_SMS.search(texts[-1]).groups()
    return int(ordinal), code.replace(" ", "")


def login_password(client, email="anna@example.com", password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


@pytest.fixture
def pending_login(client, user_2fa):
    """A client that gave the right password and now faces the SMS step."""
    response = login_password(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/challenge/"
    return client
