"""A forgotten number, or the number of an erased account, is left out of exports (and of
any audience built on the consent app's validity query, which campaigns use) until a new
consent is given; a new consent after that counts again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import PHONE, last_code, make_user
from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.internal.flows import validity
from zgoda.consent.models import ConsentState, ContactPoint, Purpose
from zgoda.consent.tests.conftest import ask_for_code, box_value
from zgoda.privacy import api as optout
from zgoda.privacy.internal.flows import erasure, subject
from zgoda.privacy.models import DataSubjectRequest

from .conftest import consenting

OTHER = "+48600200300"


def exported(tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_consents", "--format", "numbers", "--output", str(target))
    return target.read_text().split()


def forget_the_number(person):
    erasure.erase(subject.number(PHONE), DataSubjectRequest.Channel.PORTAL)


def erase_the_account(person):
    erasure.erase(subject.account(person), DataSubjectRequest.Channel.ACCOUNT)


WAYS = pytest.mark.parametrize("erase", [forget_the_number, erase_the_account])


@WAYS
def test_number_is_not_exported_and_is_suppressed_afterwards(db, tmp_path, erase):
    person = consenting()
    consenting("jan@example.com", OTHER)
    assert exported(tmp_path) == [PHONE, OTHER]
    erase(person)
    assert exported(tmp_path) == [OTHER]
    assert validity.count_valid() == 1
    assert optout.is_suppressed(PHONE) and not optout.is_suppressed(OTHER)


def test_forgetting_the_number_leaves_the_account_its_2fa_contact_and_login(client, db):
    person = consenting()
    forget_the_number(person)
    assert not validity.marketing_valid(person)
    assert SmsTwoFactor.objects.get(user=person).phone == PHONE
    assert ContactPoint.objects.get(user=person).phone == PHONE
    person.refresh_from_db()
    assert person.is_active and person.email == "anna@example.com" and person.has_usable_password()


@WAYS
def test_an_old_consent_imported_again_afterwards_does_not_count(db, tmp_path, erase):
    """A campaign list or import carrying a consent given before the erasure stays out."""
    erase(consenting())
    again = consenting("ewa2@example.com", PHONE)
    ConsentState.objects.filter(user=again).update(at=timezone.now() - timedelta(days=400))
    assert exported(tmp_path) == []
    assert optout.is_suppressed(PHONE, consent_given_at=timezone.now() - timedelta(days=400))


def test_new_consent_after_account_erasure_works_again(client, db, tmp_path):
    person = consenting()
    erase_the_account(person)
    assert exported(tmp_path) == []

    # The same person opens an account again with the same address and turns 2FA on,
    # ticking the marketing box: the consent is newer than the suppression, so it counts.
    newcomer = make_user("anna@example.com")
    assert newcomer.pk != person.pk
    client.force_login(newcomer)
    assert ask_for_code(client, "500 100 200", consent_sms_marketing=box_value(Purpose.SMS_MARKETING)).status_code == 302
    _, code = last_code(PHONE)
    assert client.post("/accounts/2fa/sms/confirm/", {"code": code}).status_code == 302
    assert validity.marketing_valid(newcomer)
    assert exported(tmp_path) == [PHONE]


def test_new_consent_after_forgetting_the_number_works_again(client, db, tmp_path):
    person = consenting()
    forget_the_number(person)
    assert exported(tmp_path) == []

    # The account kept its number: it consents again on its consents page, newer than the suppression.
    client.force_login(person)
    response = client.post("/accounts/consents/marketing/",
                           {"action": "grant", "version": box_value(Purpose.SMS_MARKETING)})
    assert response.status_code == 302
    assert validity.marketing_valid(person)
    assert exported(tmp_path) == [PHONE]
