"""Numbers get recycled: after ZGODA_MARKETING_RECONFIRM_MONTHS (default 24) without a code
SMS to it, a marketing consent's number must be confirmed again, and any code to that number
typed back by its account (a login counts) does it. Empty setting: no re-confirmation."""

from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.checks import run_checks
from django.utils import timezone

from conftest import PHONE, last_code, login_password, make_user
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import contacts, ledger, validity
from zgoda.consent.models import Action, ContactPoint, Purpose, Source

from .conftest import current, page

DAY = timedelta(days=1)


def consenting_at(moment, phone=PHONE, twofa=PHONE):
    """Consent given, and its number confirmed by a code, at `moment`."""
    person = make_user(phone=twofa)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING), Source.ADMIN,
                  at=moment)
    contacts.set_contact(person, phone, via="twofa_enrollment", confirmed_at=moment)
    return person


def login_with_code(client):
    response = login_password(client)
    assert response["Location"] == "/accounts/2fa/challenge/"
    _, code = last_code()
    response = client.post("/accounts/2fa/challenge/", {"code": code})
    assert response.status_code == 302 and SESSION_KEY in client.session


def test_a_number_confirmed_25_months_ago_needs_a_new_code(db):
    person = consenting_at(timezone.now() - 25 * 31 * DAY)
    assert not validity.marketing_valid(person)
    assert consent_api.audience_count() == 0 and consent_api.number_overview(PHONE)["on_list"] is False


def test_within_the_window_the_consent_counts(db):
    person = consenting_at(timezone.now() - 23 * 31 * DAY)
    assert validity.marketing_valid(person) and consent_api.audience_count() == 1


@pytest.mark.parametrize("months, valid", [("30", True), ("", True), ("12", False), (24, False)])
def test_the_setting_moves_or_turns_off_the_window(db, settings, months, valid):
    person = consenting_at(timezone.now() - 25 * 31 * DAY)
    settings.ZGODA_MARKETING_RECONFIRM_MONTHS = months
    assert validity.marketing_valid(person) is valid


def test_a_login_with_a_code_confirms_the_number_again(client, db):
    person = consenting_at(timezone.now() - 25 * 31 * DAY)
    assert not validity.marketing_valid(person)
    login_with_code(client)
    assert validity.marketing_valid(person) and consent_api.audience_count() == 1
    assert timezone.now() - ContactPoint.objects.get(user=person).confirmed_at < timedelta(minutes=1)


def test_a_code_to_another_number_confirms_nothing(client, db):
    person = consenting_at(timezone.now() - 25 * 31 * DAY, phone="+48600200300", twofa=PHONE)
    login_with_code(client)  # the code went to the 2FA number, not to the marketing number
    assert not validity.marketing_valid(person)


def test_a_wrong_code_confirms_nothing(client, db):
    person = consenting_at(timezone.now() - 25 * 31 * DAY)
    login_password(client)
    _, code = last_code()
    client.post("/accounts/2fa/challenge/", {"code": str((int(code) + 1) % 10**len(code)).zfill(len(code))})
    assert not validity.marketing_valid(person)


def test_a_bad_setting_is_refused_by_a_system_check(settings):
    settings.ZGODA_MARKETING_RECONFIRM_MONTHS = "dwa lata"
    assert "zgoda.consent.E005" in [m.id for m in run_checks()]
    settings.ZGODA_MARKETING_RECONFIRM_MONTHS = "24"
    assert "zgoda.consent.E005" not in [m.id for m in run_checks()]


@pytest.mark.parametrize("moment, months, expected", [
    (datetime(2026, 5, 31, 12, tzinfo=dt_timezone.utc), 3, datetime(2026, 2, 28, 12, tzinfo=dt_timezone.utc)),
    (datetime(2026, 3, 15, tzinfo=dt_timezone.utc), 24, datetime(2024, 3, 15, tzinfo=dt_timezone.utc)),
    (datetime(2026, 1, 31, tzinfo=dt_timezone.utc), 1, datetime(2025, 12, 31, tzinfo=dt_timezone.utc)),
    (datetime(2028, 3, 31, tzinfo=dt_timezone.utc), 1, datetime(2028, 2, 29, tzinfo=dt_timezone.utc)),
])  # fmt: skip
def test_months_are_calendar_months(moment, months, expected):
    assert validity.months_before(moment, months) == expected


def test_the_consents_page_says_the_number_needs_confirming(client, db):
    person = consenting_at(timezone.now() - 25 * 31 * DAY)
    client.force_login(person)
    assert "numer do potwierdzenia" in page(client.get("/accounts/consents/"))
    contacts.reconfirm(person, PHONE)
    assert "zgoda udzielona" in page(client.get("/accounts/consents/"))
