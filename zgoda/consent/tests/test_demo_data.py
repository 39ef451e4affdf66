"""`zgoda demo-data`: realistic Polish mobile numbers and a consistent mix, in bulk."""

from io import StringIO

import phonenumbers
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import demo, ledger, validity
from zgoda.consent.models import ConsentEvent, ConsentState, ContactPoint, Purpose, phone_hash


def _run(*args):
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def test_demo_people_have_distinct_valid_polish_mobile_numbers(db):
    _run("--users", "1500", "--batch", "400")
    phones = list(SmsTwoFactor.objects.values_list("phone", flat=True))
    assert 700 < len(phones) < 1100 and len(set(phones)) == len(phones)
    for phone in phones[:200]:
        number = phonenumbers.parse(phone)
        assert phonenumbers.region_code_for_number(number) == "PL"
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


def test_the_mix_is_consistent_with_the_ledger_and_the_export(db):
    output = _run("--users", "2000", "--batch", "700")
    assert get_user_model().objects.count() == 2000
    kept = {(s.user_id, s.purpose): s.event_id for s in ConsentState.objects.all()}
    assert kept == ledger.derived_states()
    withdrawals = ConsentEvent.objects.filter(purpose=Purpose.SMS_MARKETING, action="withdrawn").count()
    twofa_off = ConsentEvent.objects.filter(purpose=Purpose.TWOFA, action="withdrawn").count()
    assert withdrawals > 0 and twofa_off > 0
    valid = validity.count_valid()
    assert f"z ważną zgodą marketingową {valid}," in output and valid > 200
    assert all(c.phone_hash == phone_hash(c.phone) for c in ContactPoint.objects.all()[:50])


def test_demo_accounts_can_log_in_with_the_shared_password(client, db):
    _run("--users", "3", "--twofa", "0")
    response = client.post("/accounts/login/", {"login": "demo0@demo.zgoda.test", "password": demo.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_second_run_adds_new_people_instead_of_failing(db):
    _run("--users", "10")
    _run("--users", "10")
    assert get_user_model().objects.count() == 20
    assert len(set(SmsTwoFactor.objects.values_list("phone", flat=True))) == SmsTwoFactor.objects.count()


def test_all_valid_mix_gives_exactly_n_valid_consents(db):
    _run("--users", "500", "--twofa", "1", "--marketing", "1", "--withdrawn", "0", "--twofa-off", "0")
    assert validity.count_valid() == 500


@pytest.mark.parametrize("args", [["--users", "0"], ["--users", "5", "--twofa", "1.5"]])
def test_bad_arguments_are_refused(db, args):
    with pytest.raises(CommandError):
        _run(*args)
    assert not get_user_model().objects.exists()


def test_phone_numbers_for_different_indexes_never_collide():
    prefixes = demo.mobile_prefixes()
    numbers = {demo.phone_for(i, prefixes) for i in range(0, 3_000_000, 7)}
    assert len(numbers) == len(range(0, 3_000_000, 7))
