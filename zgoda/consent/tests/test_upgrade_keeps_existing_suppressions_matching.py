"""Upgrading an installation from before the hash key (its hashes keyed with SECRET_KEY): the
key file `zgoda migrate` creates reproduces those hashes, so every suppression and contact
number made the old way still matches, and keeps matching when SECRET_KEY is rotated
afterwards. A new installation gets a random key of its own."""

import hashlib
import hmac
import importlib
import stat
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate

from conftest import PHONE, make_user
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import keys
from zgoda.consent.models import ContactPoint, HashKeyFingerprint, Suppression, phone_hash
from zgoda.lib import hashkey

OTHER = "+48600200300"


def made_the_old_way(phone: str, secret_key: str) -> str:
    """consent's phone hash before ZGODA_HASH_KEY: HMAC(HMAC(SECRET_KEY, "zgoda:consent-phone"), number)."""
    purpose_key = hmac.new(secret_key.encode(), b"zgoda:consent-phone", hashlib.sha256).digest()
    return hmac.new(purpose_key, phone.encode(), hashlib.sha256).hexdigest()


@pytest.fixture
def installation_from_before(db, settings, tmp_path):
    """SQLite, no ZGODA_HASH_KEY, no key file, and a database without the fingerprint (its
    table is new in this version)."""
    settings.ZGODA_HASH_KEY = ""
    settings.DATABASE_URL = None
    settings.DATA_DIR = tmp_path
    HashKeyFingerprint.objects.all().delete()
    return tmp_path


def migrate(upgrade=True):
    """What `zgoda migrate` does: on the upgrade consent 0005's data step; every time, post_migrate."""
    if upgrade:
        migration = importlib.import_module("zgoda.consent.migrations.0005_hash_key_fingerprint")
        migration.record_key_of_existing_hashes(apps, SimpleNamespace(connection=connection))
    consent = apps.get_app_config("consent")
    post_migrate.send(sender=consent, app_config=consent, verbosity=0, interactive=False, using="default",
                      apps=apps, plan=[])


def test_suppressions_and_contact_numbers_made_the_old_way_still_match(installation_from_before, settings):
    holder = make_user("jan@example.com")
    Suppression.objects.create(phone_hash=made_the_old_way(PHONE, settings.SECRET_KEY), reason="sms_reply")
    ContactPoint.objects.bulk_create([  # bulk_create: the row as the old version wrote it
        ContactPoint(user=holder, phone=OTHER, phone_hash=made_the_old_way(OTHER, settings.SECRET_KEY))
    ])

    migrate()

    assert (installation_from_before / hashkey.FILE_NAME).exists()
    assert consent_api.is_suppressed(PHONE)
    assert ContactPoint.objects.get(phone_hash=phone_hash(OTHER)).user == holder
    assert keys.problems() == []
    # Then SECRET_KEY is rotated: nothing changes for the hashes.
    settings.SECRET_KEY = "rotated-after-the-upgrade-0123456789-abcdefghijklmnopqrstuvwxyz"
    assert consent_api.is_suppressed(PHONE)
    assert ContactPoint.objects.get(phone_hash=phone_hash(OTHER)).user == holder
    assert keys.problems() == []
    # A later migrate keeps the key.
    migrate(upgrade=False)
    assert consent_api.is_suppressed(PHONE) and keys.problems() == []


def test_a_new_installation_gets_a_random_key_of_its_own(installation_from_before, settings):
    migrate()
    key_file = installation_from_before / hashkey.FILE_NAME
    key = key_file.read_text()
    assert len(key) >= 32 and key != settings.SECRET_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert HashKeyFingerprint.objects.get().fingerprint == hashkey.fingerprint(key)
    consent_api.withdraw_number(PHONE, "sms_reply")
    settings.SECRET_KEY = "rotated-0123456789-abcdefghijklmnopqrstuvwxyz"
    migrate(upgrade=False)
    assert key_file.read_text() == key
    assert consent_api.is_suppressed(PHONE) and keys.problems() == []
