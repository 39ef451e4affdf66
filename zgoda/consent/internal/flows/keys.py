"""The hash key of suppressions and contact numbers (zgoda.lib.hashkey) against the database:
created on SQLite after `zgoda migrate`, its fingerprint recorded, and a key that no longer
matches the database refused (a system check, and at the start of the web server)."""

from django.core import checks
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import gettext as _

from zgoda.lib import hashkey

from ...models import HashKeyFingerprint


def stored(using=DEFAULT_DB_ALIAS) -> str | None:
    """The fingerprint this database keeps, None when it keeps none yet."""
    return HashKeyFingerprint.objects.using(using).order_by("pk").values_list("fingerprint", flat=True).first()


def ensure(using=DEFAULT_DB_ALIAS) -> None:
    """After migrate: on SQLite without ZGODA_HASH_KEY, create the key file once (SECRET_KEY when
    the database's hashes were made with it, from before the hash key; otherwise random), and
    record the key's fingerprint in a database that has none. A database whose fingerprint
    matches neither is left alone: the check says to restore the key."""
    if HashKeyFingerprint._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the fingerprint
    recorded = stored(using)
    key = hashkey.current()
    if key is None:
        if not hashkey.may_generate():
            return
        legacy = hashkey.fingerprint(hashkey.legacy_root())
        if recorded is not None and recorded != legacy:
            return
        key = hashkey.create(hashkey.legacy_root() if recorded == legacy else None)
    if recorded is None:
        HashKeyFingerprint.objects.using(using).get_or_create(pk=1, defaults={"fingerprint": hashkey.fingerprint(key)})


def problems(using=DEFAULT_DB_ALIAS) -> list[checks.CheckMessage]:
    """What keeps Zgoda from running with this hash key: none given where one must be, or one
    that does not match the hashes in the database."""
    return key_missing() or key_mismatch(using)


def key_missing() -> list[checks.CheckMessage]:
    """None given where one must be (DATABASE_URL); reads no database."""
    if hashkey.current() is None and not hashkey.may_generate():
        return [checks.Error(
            hashkey.missing_message(),
            hint=_("Nowa instalacja: losowa wartość, np. z „python3 -c 'import secrets; "
                   "print(secrets.token_urlsafe(48))'”. Aktualizacja ze starszej wersji: dotychczasowa wartość "
                   "SECRET_KEY. Trzymaj ją poza kopią bazy danych i nigdy nie zmieniaj."),
            id="zgoda.consent.E010",
        )]
    return []


def key_mismatch(using=DEFAULT_DB_ALIAS) -> list[checks.CheckMessage]:
    """A key that does not match the fingerprint the database keeps, or none where it keeps one."""
    key = hashkey.current()
    if key is None and not hashkey.may_generate():
        return []  # key_missing() says so
    try:
        recorded = stored(using)
    except DatabaseError:  # not migrated yet, or the database is not reachable: nothing to compare
        return []
    if recorded is None:
        return []
    if key is None:
        return [checks.Error(
            _("Brak klucza skrótów (%(path)s), choć baza ma skróty numerów zrobione tym kluczem: bez "
              "niego wypisane i usunięte numery wróciłyby do kampanii.") % {"path": hashkey.key_file()},
            hint=_("Przywróć plik klucza z kopii (albo podaj ZGODA_HASH_KEY). Zgoda nie wystartuje bez niego."),
            id="zgoda.consent.E011",
        )]
    if hashkey.fingerprint(key) != recorded:
        return [checks.Error(
            _("Klucz skrótów (ZGODA_HASH_KEY albo plik hash_key) nie pasuje do skrótów zapisanych w bazie: "
              "wypisane i usunięte numery przestałyby pasować i wróciłyby do kampanii. Zgoda nie wystartuje."),
            hint=_("Przywróć poprzedni klucz (plik hash_key z kopii albo dawną wartość ZGODA_HASH_KEY); po "
                   "aktualizacji ze starszej wersji jest nim dotychczasowy SECRET_KEY."),
            id="zgoda.consent.E012",
        )]
    return []
