"""The export's CSV comes from a csv writer: a version label with a line break, a comma or a
quote stays one field of one row when read back, in the CLI's file and the API's stream."""

import csv
import io

from django.core.management import call_command

from conftest import make_user
from zgoda.consent.internal.flows import export, ledger
from zgoda.consent.models import Action, ContactPoint, Purpose, Source

from .conftest import publish

LABEL = '2.0\nwiosna, "nowa"'


def test_a_line_break_in_a_version_label_stays_inside_its_field(db, tmp_path):
    text = publish(Purpose.SMS_MARKETING, LABEL, material=False)
    person = make_user("a@example.com")
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, text, Source.ACCOUNT_SETTINGS)
    ContactPoint.objects.create(user=person, phone="+48500100200")
    target = tmp_path / "out.csv"
    call_command("export_consents", "--output", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(), newline="")))
    assert len(rows) == 2 and rows[1][0] == "+48500100200" and rows[1][2] == LABEL and len(rows[1]) == 5
    streamed = b"".join(export.AuditedStream("csv", "test")).decode()
    assert list(csv.reader(io.StringIO(streamed, newline=""))) == rows
