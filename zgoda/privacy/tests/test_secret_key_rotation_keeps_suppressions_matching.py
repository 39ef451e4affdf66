"""Rotating SECRET_KEY keeps every identifier hash: an opted-out or erased number stays out of
the export and of campaign audiences, code counters and the audit and requests logs keep
naming the same person. What guards a secret (login codes, trusted-device tokens) is keyed
with SECRET_KEY on purpose and does change."""

import pytest
from django.core.management import call_command

from zgoda.accounts.models import AuditEvent, DailyCodeCounter
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import keys, validity
from zgoda.consent.models import HashKeyFingerprint, phone_hash
from zgoda.lib import crypto, personal_data
from zgoda.privacy.internal.flows import subject as subjects

from .conftest import consenting

OPTED_OUT = "+48500100200"
OTHER = "+48600200300"
ROTATED = "rotated-secret-key-for-this-test-0123456789-abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(params=["given", "key-file"])
def hash_key(request, db, settings, tmp_path):
    """The hash key as ZGODA_HASH_KEY, or (SQLite) the key file made once by migrate."""
    if request.param == "key-file":
        settings.ZGODA_HASH_KEY = ""
        settings.DATABASE_URL = None
        settings.DATA_DIR = tmp_path
        HashKeyFingerprint.objects.all().delete()
        keys.ensure()
    return request.param


def exported(tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_consents", "--format", "numbers", "--output", str(target))
    return target.read_text().split()


def test_opted_out_number_stays_out_after_secret_key_rotation(hash_key, settings, tmp_path):
    person = consenting("anna@example.com", OPTED_OUT)
    other = consenting("jan@example.com", OTHER)
    consent_api.withdraw_number(OPTED_OUT, "sms_reply")
    assert exported(tmp_path) == [OTHER]

    settings.SECRET_KEY = ROTATED

    assert consent_api.is_suppressed(OPTED_OUT)
    assert exported(tmp_path) == [OTHER]
    assert validity.count_valid() == 1 and validity.marketing_valid(other) and not validity.marketing_valid(person)
    assert consent_api.audience_count() == 1
    assert keys.problems() == []


def test_identifier_hashes_survive_rotation_and_secret_guards_do_not(hash_key, settings):
    before = (phone_hash(OPTED_OUT), DailyCodeCounter.subject_for(phone=OPTED_OUT),
              AuditEvent.identifier_hash("Anna@Example.com"), subjects.hash_of(personal_data.Number(OPTED_OUT)))
    code_hmac = crypto.keyed_hash("otp", "482913")

    settings.SECRET_KEY = ROTATED

    assert (phone_hash(OPTED_OUT), DailyCodeCounter.subject_for(phone=OPTED_OUT),
            AuditEvent.identifier_hash("Anna@Example.com"), subjects.hash_of(personal_data.Number(OPTED_OUT))) == before
    assert crypto.keyed_hash("otp", "482913") != code_hmac
