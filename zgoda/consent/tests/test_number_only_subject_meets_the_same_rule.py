"""A number-only subject's marketing consent counts under the one rule in validity.py, like an
account's: a superseded version, an unconfirmed number past the re-confirmation window and a
later suppression keep it out; an account holding the same number is counted apart."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import make_user
from zgoda.consent import api
from zgoda.consent.internal.flows import contacts, ledger, validity
from zgoda.consent.models import Action, Purpose, Source

from .conftest import current, publish
from .number_only import NUMBER, number_only


def test_a_material_change_supersedes_it(db):
    number_only()
    publish(Purpose.SMS_MARKETING, "2.0")
    assert validity.count_valid() == 0


def test_a_number_not_confirmed_within_the_window_drops_out(db, settings):
    settings.ZGODA_MARKETING_RECONFIRM_MONTHS = 1
    number_only()
    assert validity.count_valid() == 1
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        assert validity.count_valid() == 0


def test_a_later_suppression_keeps_it_out(db):
    number_only()
    contacts.suppress(NUMBER, reason="erasure")
    assert validity.count_valid() == 0 and api.audience_count() == 0


def test_an_account_and_a_number_only_subject_on_one_number(db):
    person = make_user("ola@example.com", phone=NUMBER)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=NUMBER)
    contacts.set_contact(person, NUMBER, via="twofa_enrollment")
    number_only()
    assert validity.count_valid() == 2  # two subjects
    assert api.audience_count() == 1  # one number
    assert api.still_valid([(person.pk, NUMBER), (None, NUMBER)]) == {(person.pk, NUMBER), (None, NUMBER)}
    person.is_active = False
    person.save()
    assert api.still_valid([(person.pk, NUMBER), (None, NUMBER)]) == {(None, NUMBER)}
