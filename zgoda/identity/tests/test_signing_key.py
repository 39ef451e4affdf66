"""The signing key: given, or generated once into the data folder on SQLite (0600, kept
across restarts); with DATABASE_URL and no key, an error-level check."""

import stat

from django.core.checks import Error

from zgoda.identity import checks
from zgoda.identity.internal import keys


def test_generated_once_into_the_data_folder_on_sqlite(settings, tmp_path):
    settings.ZGODA_OIDC_PRIVATE_KEY = ""
    settings.DATA_DIR = tmp_path
    settings.DATABASE_URL = None
    first = keys.pem()
    path = tmp_path / "oidc_private_key.pem"
    assert path.read_text().strip() == first and first.startswith("-----BEGIN PRIVATE KEY-----")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys._read.clear()
    assert keys.pem() == first  # a restart reads the same key
    assert keys.problem(first) == ""
    assert checks.signing_key_given_with_database_url(None) == []


def test_database_url_without_a_key_is_an_error(settings):
    settings.ZGODA_OIDC_PRIVATE_KEY = ""
    settings.DATABASE_URL = "postgres://zgoda@db/zgoda"
    errors = checks.signing_key_given_with_database_url(None)
    assert [e.id for e in errors] == ["zgoda.identity.E001"] and isinstance(errors[0], Error)


def test_database_url_with_a_key_passes(settings):
    settings.DATABASE_URL = "postgres://zgoda@db/zgoda"
    assert checks.signing_key_given_with_database_url(None) == []


def test_a_key_that_cannot_sign_is_an_error(settings):
    settings.ZGODA_OIDC_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----"
    assert [e.id for e in checks.signing_key_given_with_database_url(None)] == ["zgoda.identity.E002"]
