"""Every account e-mail writes its date and time the way its language does ("02.12.2026 14:05"
in Polish, "December 2, 2026, 14:05" in English) and in the site's time zone (Europe/Warsaw:
14:05 for 13:05 UTC in winter, 12:30 for 10:30 UTC in summer), never UTC; so do the pages
that list devices and sessions and the code page's "try again at"."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from conftest import PASSWORD, make_user
from zgoda.accounts.internal import limits
from zgoda.accounts.internal.flows import audit, notices
from zgoda.accounts.models import AssistedRecovery, AuditEvent, TrustedDevice
from zgoda.accounts.tasks import send_assisted_recovery_mail

from .conftest import log_in_fully, page

WINTER = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)  # 14:05 in Warsaw (CET)
SUMMER = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)  # 12:30 in Warsaw (CEST)
WRITTEN = {
    (WINTER, "pl"): "02.12.2026 14:05", (WINTER, "en"): "December 2, 2026, 14:05",
    (SUMMER, "pl"): "01.07.2026 12:30", (SUMMER, "en"): "July 1, 2026, 12:30",
}
UTC_WRITTEN = ("13:05", "10:30", "02.12.2026", "01.07.2026")  # UTC, or the Polish style in English


def _no_foreign_date(body, moment, language):
    expected = WRITTEN[moment, language]
    assert expected in body, body
    for other in UTC_WRITTEN:
        if other not in expected:
            assert other not in body, body


class FakeRequest:
    def __init__(self, user):
        self.user = user
        self.META = {"REMOTE_ADDR": "198.51.100.4", "HTTP_USER_AGENT": "Firefox/128.0"}


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_new_device_email_writes_the_login_time_in_the_logins_language(client, user_2fa, language):
    with time_machine.travel(WINTER, tick=False):
        log_in_fully(client, HTTP_ACCEPT_LANGUAGE=language)
    [notice] = mail.outbox
    _no_foreign_date(notice.body, WINTER, language)


@pytest.mark.parametrize("moment", [WINTER, SUMMER])
@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_security_email_writes_when_in_its_language_and_warsaw_time(user, language, moment):
    with time_machine.travel(moment, tick=False):
        recorded = audit.record_with_id(AuditEvent.Event.TWOFA_DISABLED, FakeRequest(user), user=user)
    with translation.override(language):
        notices.send_security_email(user.pk, "twofa_disabled", recorded.pk)
    [message] = mail.outbox
    _no_foreign_date(message.body, moment, language)


@pytest.mark.parametrize(("language", "expected"), [("pl", "2 grudnia 2026 14:05"), ("en", "Dec. 2, 2026, 2:05 p.m.")])
def test_allauths_own_account_notice_writes_its_date_in_its_language(client, user, language, expected):
    """allauth's template writes the moment itself, with the language's own format."""
    client.force_login(user)
    with time_machine.travel(WINTER, tick=False):
        response = client.post("/accounts/password/change/", {
            "oldpassword": PASSWORD, "password1": "Nowe-haslo-2026-x", "password2": "Nowe-haslo-2026-x"},
            HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    [message] = mail.outbox
    assert expected in message.body and "13:05" not in message.body


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_recovery_started_email_writes_the_reset_time_in_its_language(user, language):
    recovery = AssistedRecovery.objects.create(
        user=user, state=AssistedRecovery.State.WAITING, confirmed_at=WINTER - timedelta(hours=24), ready_at=WINTER)
    send_assisted_recovery_mail.call(recovery.pk, "started", language)
    [message] = mail.outbox
    _no_foreign_date(message.body, WINTER, language)


def test_the_devices_page_in_english_writes_english_dates_in_warsaw_time(client, db):
    anna = make_user("anna@example.com")
    with time_machine.travel(WINTER, tick=False):
        TrustedDevice.objects.create(user=anna, token_hmac="x" * 64, name="Telefon")
    client.force_login(anna)
    with time_machine.travel(WINTER + timedelta(hours=1), tick=False):
        text = page(client.get("/accounts/devices/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "December 2, 2026, 14:05" in text and "2.12.2026" not in text


@pytest.mark.parametrize(("language", "another_day", "today"), [
    ("pl", "3 grudnia 2026 o\u00a014:05", "o\u00a014:06:00"), ("en", "on December 3, 2026 at\u00a014:05", "at\u00a014:06:00")])
def test_a_refused_code_says_until_when_in_the_pages_language(language, another_day, today):
    with time_machine.travel(WINTER, tick=False), translation.override(language):
        assert limits.at_local(WINTER + timedelta(days=1)) == another_day
        assert limits.at_local(WINTER + timedelta(minutes=1)) == today  # today: the time alone
