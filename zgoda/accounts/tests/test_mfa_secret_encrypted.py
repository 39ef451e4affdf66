"""allauth.mfa's secrets rest encrypted with ZGODA_MFA_KEY (mfa_adapter.MFAAdapter), never
the app's base32 seed or the recovery codes' seed in clear; the key is its own."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from conftest import make_user
from zgoda.accounts import mfakey

from .mfa_helpers import APP_SECRET, add_app, add_recovery_codes, app_code


def _raw_rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT type, data FROM {Authenticator._meta.db_table}")
        return {kind: str(data) for kind, data in cursor.fetchall()}


def test_the_app_secret_and_the_recovery_seed_are_stored_encrypted(db):
    person = make_user()
    add_app(person)
    codes = add_recovery_codes(person)
    rows = _raw_rows()
    assert APP_SECRET not in rows["totp"] and APP_SECRET.lower() not in rows["totp"].lower()
    assert "zgoda-fernet:" in rows["totp"] and "zgoda-fernet:" in rows["recovery_codes"]
    seed = json.loads(rows["recovery_codes"])["seed"]
    assert len(seed) > 80 and not any(code in rows["recovery_codes"] for code in codes)
    app = Authenticator.objects.get(type="totp").wrap()
    assert app.validate_code(app_code())  # allauth decrypts through the adapter


def test_another_key_cannot_read_them_and_a_rotated_key_still_can(db, settings):
    add_app(make_user())
    settings.ZGODA_MFA_KEY = "another-key"
    with pytest.raises(ImproperlyConfigured):
        Authenticator.objects.get().wrap().validate_code(app_code())
    settings.ZGODA_MFA_KEY = "new-key,zgoda-test-mfa-key-not-for-production"  # new first, old still decrypts
    assert Authenticator.objects.get().wrap().validate_code(app_code())


def test_on_sqlite_a_key_is_generated_once_into_the_data_folder(settings, tmp_path):
    settings.DATA_DIR, settings.ZGODA_MFA_KEY, settings.DATABASE_URL = tmp_path, "", None
    first = mfakey.keys()
    assert first == mfakey.keys() and (tmp_path / "mfa_key").stat().st_mode & 0o777 == 0o600
    assert first[0] != settings.SECRET_KEY


def test_with_database_url_the_key_is_required(settings):
    settings.ZGODA_MFA_KEY, settings.DATABASE_URL = "", "postgres://example/zgoda"
    assert "zgoda.accounts.E030" in [e.id for e in run_checks()]
    with pytest.raises(ImproperlyConfigured):
        mfakey.keys()
    settings.ZGODA_MFA_KEY = "given"
    assert "zgoda.accounts.E030" not in [e.id for e in run_checks()]
