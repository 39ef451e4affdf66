"""`zgoda export-consents`: only valid marketing consents, never a withdrawn or suppressed
number; streamed; audited with the file's SHA-256; bad input exits non-zero in one line."""

import csv
import hashlib
import io
import subprocess
import sys
from datetime import datetime, timezone as dt_timezone

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import make_user
from zgoda.consent.internal.flows import contacts, export, ledger
from zgoda.consent.models import Action, ContactPoint, ExportAudit, Purpose, Source

from .conftest import current, publish

HEADER = "phone,consent_given_at,consent_version,consent_source,language"


def consenting(email, phone, at=None, language="pl", source=Source.TWOFA_ENROLLMENT):
    person = make_user(email)
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING, language),
                  source, phone=phone, at=at)
    ContactPoint.objects.create(user=person, phone=phone)
    return person


def run(tmp_path, *args):
    target = tmp_path / "out.csv"
    call_command("export_consents", *args, "--output", str(target))
    return target.read_text()


def test_csv_has_the_header_e164_numbers_and_iso_times(db, tmp_path):
    consenting("a@example.com", "+48500100200", at=datetime(2026, 3, 1, 9, 30, 15, 123, tzinfo=dt_timezone.utc))
    consenting("b@example.com", "+48600200300", language="en", source=Source.ACCOUNT_SETTINGS)
    lines = run(tmp_path).splitlines()
    assert lines[0] == HEADER
    assert lines[1] == "+48500100200,2026-03-01T09:30:15Z,1.0,twofa_enrollment,pl"
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    assert rows[2][0] == "+48600200300" and rows[2][3:] == ["account_settings", "en"]
    assert datetime.fromisoformat(rows[2][1].replace("Z", "+00:00")).tzinfo is not None


def test_smsapi_format_has_phone_number_without_plus_and_a_description(db, tmp_path):
    consenting("a@example.com", "+48500100200")
    rows = list(csv.reader(io.StringIO(run(tmp_path, "--format", "smsapi"))))
    assert rows[0] == ["phone_number", "description"]
    assert rows[1][0] == "48500100200" and rows[1][1].startswith("Zgoda SMS 1.0 (pl) ")


def test_numbers_format_is_one_e164_number_a_line(db, tmp_path):
    consenting("a@example.com", "+48500100200")
    consenting("b@example.com", "+48600200300")
    assert run(tmp_path, "--format", "numbers") == "+48500100200\n+48600200300\n"


def test_withdrawn_and_suppressed_numbers_never_appear(db, tmp_path):
    consenting("keep@example.com", "+48500100200")
    gone = consenting("gone@example.com", "+48600200300")
    ledger.record(gone, Purpose.SMS_MARKETING, Action.WITHDRAWN, current(Purpose.SMS_MARKETING), Source.ACCOUNT_SETTINGS)
    consenting("erased@example.com", "+48700300400")
    contacts.suppress("+48700300400", reason="erasure")
    assert run(tmp_path, "--format", "numbers") == "+48500100200\n"


def test_a_new_consent_after_a_suppression_counts_again(db, tmp_path):
    contacts.suppress("+48700300400", reason="erasure")
    consenting("back@example.com", "+48700300400")
    assert run(tmp_path, "--format", "numbers") == "+48700300400\n"


def test_superseded_consents_and_consents_without_a_number_are_left_out(db, tmp_path):
    consenting("old@example.com", "+48500100200")
    nonumber = make_user("nonumber@example.com")
    ledger.record(nonumber, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING), Source.ADMIN)
    new = publish(Purpose.SMS_MARKETING, "2.0")
    fresh = make_user("fresh@example.com")
    ledger.record(fresh, Purpose.SMS_MARKETING, Action.GRANTED, new, Source.RECONSENT)
    ContactPoint.objects.create(user=fresh, phone="+48600200300")
    assert run(tmp_path, "--format", "numbers") == "+48600200300\n"


def test_since_and_language_filter(db, tmp_path):
    consenting("early@example.com", "+48500100200", at=datetime(2026, 1, 10, tzinfo=dt_timezone.utc))
    consenting("late@example.com", "+48600200300", at=datetime(2026, 2, 10, tzinfo=dt_timezone.utc))
    consenting("en@example.com", "+48700300400", at=datetime(2026, 2, 11, tzinfo=dt_timezone.utc), language="en")
    assert run(tmp_path, "--format", "numbers", "--since", "2026-02-01") == "+48600200300\n+48700300400\n"
    assert run(tmp_path, "--format", "numbers", "--language", "en") == "+48700300400\n"


def test_every_export_is_audited_with_the_sha256_of_the_file(db, tmp_path):
    consenting("a@example.com", "+48500100200")
    content = run(tmp_path, "--since", "2026-01-01", "--language", "pl")
    audit = ExportAudit.objects.get()
    assert audit.sha256 == hashlib.sha256(content.encode()).hexdigest()
    assert audit.row_count == 1 and audit.completed and audit.channel == "cli" and audit.format == "csv"
    assert audit.filters["language"] == "pl" and audit.filters["since"].startswith("2026-01-01T00:00:00")
    assert audit.destination.endswith("out.csv") and "@" in audit.actor_label


def test_rows_are_written_in_chunks_not_gathered_first(db, settings):
    settings.ZGODA_EXPORT_CHUNK_ROWS = 2
    for i in range(5):
        consenting(f"p{i}@example.com", f"+4850010020{i}")
    seen = []
    result = export.ExportResult()
    parts = list(export.chunks(export.parse_filters("numbers"), result, progress=seen.append))
    assert len(parts) == 3 and seen == [2, 4, 5]
    assert result.rows == 5 and result.completed


@pytest.mark.parametrize("args, reason", [
    (["--since", "2026-13-01"], "Zła data „2026-13-01”: podaj RRRR-MM-DD"),
    (["--since", "wczoraj"], "Zła data „wczoraj”"),
    (["--format", "xml"], "Nieznany format „xml”: wybierz csv, smsapi albo numbers."),
    (["--language", "de"], "Nieznany język „de”"),
])
def test_bad_input_is_refused_with_a_reason_and_no_audit(db, args, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("export_consents", *args)
    assert not ExportAudit.objects.exists()


def test_cli_exits_non_zero_with_one_line_and_no_progress_bar_off_a_terminal(tmp_path):
    env = {"ZGODA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "zgoda.test_settings", "PATH": "/usr/bin:/bin"}
    bad = subprocess.run([sys.executable, "-m", "zgoda.cli", "export-consents", "--since", "2026-02-30"],
                         capture_output=True, text=True, env=env)
    assert bad.returncode != 0
    assert bad.stderr.strip().splitlines() == ["CommandError: Zła data „2026-02-30”: podaj RRRR-MM-DD, np. 2026-01-31."]
    assert bad.stdout == ""


def test_a_version_label_with_a_comma_or_quote_is_quoted_the_csv_way(db, tmp_path):
    text = publish(Purpose.SMS_MARKETING, '2.0, "wiosna"', material=False)
    person = make_user("a@example.com")
    ledger.record(person, Purpose.SMS_MARKETING, Action.GRANTED, text, Source.ACCOUNT_SETTINGS)
    ContactPoint.objects.create(user=person, phone="+48500100200")
    rows = list(csv.reader(io.StringIO(run(tmp_path))))
    assert rows[1][2] == '2.0, "wiosna"' and len(rows[1]) == 5
    smsapi = list(csv.reader(io.StringIO(run(tmp_path, "--format", "smsapi"))))
    assert smsapi[1][1].startswith('Zgoda SMS 2.0, "wiosna" (pl)') and len(smsapi[1]) == 2
