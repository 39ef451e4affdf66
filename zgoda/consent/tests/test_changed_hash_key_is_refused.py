"""A hash key that no longer matches the hashes in the database (ZGODA_HASH_KEY changed, the
key file lost or replaced) is refused: by the production start (`zgoda check --deploy`) and
by the web server (zgoda/wsgi.py), instead of letting erased and opted-out numbers back into
campaigns. With DATABASE_URL the key must be given; Zgoda never falls back to SECRET_KEY."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from conftest import PHONE
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import keys
from zgoda.consent.models import HashKeyFingerprint
from zgoda.lib import crypto, hashkey


def start():
    call_command("check", deploy=True, fail_level="ERROR")


def error_ids() -> list[str]:
    return [e.id for e in keys.problems()]


@pytest.fixture
def suppressed(db):
    consent_api.withdraw_number(PHONE, "sms_reply")
    assert consent_api.is_suppressed(PHONE)


@pytest.fixture
def on_sqlite_without_key(settings, tmp_path):
    settings.ZGODA_HASH_KEY = ""
    settings.DATABASE_URL = None
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_the_key_the_database_was_made_with_passes(suppressed):
    assert HashKeyFingerprint.objects.get().fingerprint == hashkey.fingerprint(hashkey.key())
    assert error_ids() == []
    consent_api.refuse_unmatched_hash_key()


def test_a_changed_hash_key_is_refused(suppressed, settings):
    settings.ZGODA_HASH_KEY = "a-new-hash-key-someone-thought-was-harmless"
    assert not consent_api.is_suppressed(PHONE)  # what would happen: the number is back
    assert error_ids() == ["zgoda.consent.E012"]
    with pytest.raises(SystemCheckError, match="zgoda.consent.E012"):
        start()
    with pytest.raises(ImproperlyConfigured, match="nie pasuje do skrótów zapisanych w bazie"):
        consent_api.refuse_unmatched_hash_key()


def test_a_lost_key_file_is_refused_and_not_silently_replaced(suppressed, on_sqlite_without_key):
    keys.ensure()  # what `zgoda migrate` does: it must not make up a new key for hashes it cannot read
    assert not (on_sqlite_without_key / hashkey.FILE_NAME).exists()
    assert error_ids() == ["zgoda.consent.E011"]
    with pytest.raises(ImproperlyConfigured, match="Brak klucza skrótów"):
        consent_api.refuse_unmatched_hash_key()
    with pytest.raises(ImproperlyConfigured):
        crypto.identifier_hash("consent-phone", PHONE)


def test_a_replaced_key_file_is_refused(suppressed, on_sqlite_without_key):
    (on_sqlite_without_key / hashkey.FILE_NAME).write_text("another-key-from-another-machine")
    assert error_ids() == ["zgoda.consent.E012"]


def test_with_database_url_a_hash_key_must_be_given(settings):
    settings.ZGODA_HASH_KEY = ""
    settings.DATABASE_URL = "postgres://zgoda@db.example.pl/zgoda"
    assert [e.id for e in keys.key_missing()] == ["zgoda.consent.E010"]
    with pytest.raises(ImproperlyConfigured, match="ZGODA_HASH_KEY"):
        crypto.identifier_hash("consent-phone", PHONE)  # never a fallback to SECRET_KEY
