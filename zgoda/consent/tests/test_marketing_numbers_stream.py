"""The marketing numbers for a shop's API: the export's rows and columns, CSV through a real
csv writer (quoting what needs it) or NDJSON, streamed, audited like the CLI export."""

import csv
import hashlib
import io
import json

import pytest

from zgoda.consent import api
from zgoda.consent.models import ExportAudit, Purpose

from .conftest import publish
from .number_only import NUMBER, number_only


@pytest.fixture
def quoted_version(db):
    publish(Purpose.SMS_MARKETING, '2.0, "wiosna"')
    number_only(version='2.0, "wiosna"')


def test_csv_has_the_export_header_and_quotes_a_version_with_a_comma(quoted_version):
    body = b"".join(api.marketing_numbers("csv", actor="klucz sklepu")).decode()
    lines = body.splitlines()
    assert lines[0] == "phone,consent_given_at,consent_version,consent_source,language"
    assert lines[1].startswith(f'{NUMBER},') and '"2.0, ""wiosna"""' in lines[1]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == NUMBER and rows[1][2:] == ['2.0, "wiosna"', "api", "pl"]


def test_ndjson_is_one_object_per_line(quoted_version):
    body = b"".join(api.marketing_numbers("ndjson", actor="klucz sklepu")).decode()
    (row,) = [json.loads(line) for line in body.splitlines()]
    assert row["phone"] == NUMBER and row["consent_version"] == '2.0, "wiosna"'
    assert set(row) == {"phone", "consent_given_at", "consent_version", "consent_source", "language"}
    assert row["consent_given_at"].endswith("Z")


def test_the_stream_is_audited_with_its_rows_and_hash(quoted_version):
    body = b"".join(api.marketing_numbers("csv", actor="klucz: Sklep A"))
    audit = ExportAudit.objects.get()
    assert (audit.channel, audit.actor_label, audit.format, audit.row_count) == ("api", "klucz: Sklep A", "csv", 1)
    assert audit.completed and audit.sha256 == hashlib.sha256(body).hexdigest()


def test_a_stream_closed_early_is_audited_as_incomplete(quoted_version):
    stream = api.marketing_numbers("ndjson", actor="klucz")
    stream.close()
    audit = ExportAudit.objects.get()
    assert not audit.completed and audit.row_count == 0


def test_an_unknown_format_is_refused(db):
    with pytest.raises(api.ConsentInputError) as refused:
        api.marketing_numbers("xlsx", actor="klucz")
    assert refused.value.field == "format"
