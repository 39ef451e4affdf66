"""A database restored from a backup older than some erasures brings those people back; the
erasure journal (kept outside the database, keyed hashes and user ids only) re-applied with
`zgoda reapply-erasures` erases them again and re-creates the suppressions made since, while
everyone else keeps what the backup had. Re-applying twice changes nothing more."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from conftest import PHONE
from zgoda.consent import api as consent_api
from zgoda.consent.internal.flows import validity
from zgoda.privacy import api as privacy_api
from zgoda.privacy.models import DataSubjectRequest

from .conftest import consenting
from .people import BYSTANDER_EMAIL, BYSTANDER_PHONE, bystander, full_person, needles
from .scan import rows_holding
from .test_erasure_leaves_no_trace import erase_on_the_account_page

OLA_PHONE = "+48700300400"
OLA_EMAIL = "ola@example.com"


@pytest.fixture
def journal_file(settings, tmp_path):
    path = tmp_path / "erasure-journal.jsonl"
    settings.ZGODA_ERASURE_JOURNAL = str(path)
    return path


def backup() -> str:
    """Every row of every table, as a dump would hold them."""
    return connection.creation.serialize_db_to_string()


def restore(dump: str) -> None:
    """The database as the backup had it: every table emptied, the dump loaded."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    connection.creation.deserialize_db_from_string(dump)


def reapply() -> str:
    out = StringIO()
    call_command("reapply_erasures", stdout=out)
    return out.getvalue()


def test_restored_database_loses_again_the_people_erased_since_the_backup(client, transactional_db, journal_file):
    ewa = full_person(client)
    jan = bystander()
    ola = consenting(OLA_EMAIL, OLA_PHONE)
    dump = backup()

    erase_on_the_account_page(client, ewa)
    assert privacy_api.withdraw_marketing_by_phone(OLA_PHONE, "sms_reply")  # Ola replies STOP
    assert rows_holding(needles()) == set()

    # The journal: what happened, with keyed hashes and user ids only.
    text = journal_file.read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    assert {(e["kind"], e.get("user_id"), e.get("reason")) for e in lines} == {
        ("account_erased", ewa.pk, None), ("suppression", None, "erasure"), ("suppression", None, "sms_reply")}
    assert [w for w in [*needles(), OLA_PHONE.lstrip("+"), OLA_EMAIL] if w in text] == []

    restore(dump)
    assert rows_holding(needles())  # Ewa is back, with her number, e-mail, IP and browser
    assert validity.marketing_valid(ola) and not consent_api.is_suppressed(OLA_PHONE)

    reapply()

    assert rows_holding(needles()) == set()
    assert consent_api.is_suppressed(PHONE) and consent_api.is_suppressed(OLA_PHONE)
    assert not validity.marketing_valid(ola)
    assert validity.marketing_valid(jan) and rows_holding([BYSTANDER_PHONE, BYSTANDER_EMAIL])
    redone = DataSubjectRequest.objects.get(kind="erasure", user_id=ewa.pk)
    assert redone.status == "done" and redone.handled_by == "zgoda reapply-erasures"
    assert journal_file.read_text() == text  # re-applying writes nothing new to the journal

    # A second run finds nothing to do.
    assert "Blokady numerów odtworzone: 0. Konta usunięte ponownie: 0." in reapply()
    assert DataSubjectRequest.objects.filter(kind="erasure").count() == 1
