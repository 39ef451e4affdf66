"""Fixtures for the accounts tests: a controllable clock and small login helpers."""

import html
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from conftest import PHONE, last_code, login_password

WARSAW = ZoneInfo("Europe/Warsaw")
CHALLENGE = "/accounts/2fa/challenge/"
RESEND = "/accounts/2fa/challenge/resend/"


class Clock:
    """Stands in for django.utils.timezone.now, so code expiry, cooldowns and days are testable.

    Everything our code asks the time of (timezone.now(), auto_now_add, session expiry)
    sees this clock; allauth's own login timeout uses time.time() and is unaffected.
    """

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)
        return self.now

    def set_local(self, *args):
        """Move to a wall-clock moment in Europe/Warsaw, e.g. set_local(2026, 1, 15, 23, 58)."""
        self.now = datetime(*args, tzinfo=WARSAW).astimezone(ZoneInfo("UTC"))
        return self.now


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", Clock(timezone.now())) as patched:
        yield patched


@pytest.fixture
def fast_resend(settings):
    """No cooldown and no per-number cap, for tests about other limits."""
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(1000, 300)]
    settings.ZGODA_SMS_LIMITS_PER_IP = [(1000, 3600)]
    return settings


def submit_code(client, code, trust=False, **extra):
    """POST the code to the challenge; trust=True ticks trust_device; extra goes to client.post."""
    data = {"code": code, "trust_device": "on"} if trust else {"code": code}
    return client.post(CHALLENGE, data, **extra)


def resend(client, **extra):
    return client.post(RESEND, **extra)


def page(response) -> str:
    """The response body as the person reads it (HTML entities decoded)."""
    return html.unescape(response.content.decode())


def wrong_code(phone=PHONE) -> str:
    """A well-formed code that is not the newest code sent to `phone`."""
    _, code = last_code(phone)
    return str((int(code) + 1) % 10 ** len(code)).zfill(len(code))


def log_in_fully(client, phone=PHONE, trust=False, **extra):
    """Password, then the code from the SMS: the client ends up logged in."""
    login_password(client, **extra)
    _, code = last_code(phone)
    response = submit_code(client, code, trust=trust, **extra)
    assert response.status_code == 302, page(response)
    return response
