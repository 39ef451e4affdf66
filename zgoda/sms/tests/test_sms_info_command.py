"""`manage.py sms_info` (console: `zgoda sms-info`) prints one JSON line."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

KEYS = {"encoding", "units", "segments", "normalized", "normalized_encoding", "normalized_segments"}


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command("sms_info", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_prints_exactly_one_json_line_with_the_documented_keys():
    output = run("Zażółć")
    assert output.count("\n") == 1
    assert set(json.loads(output)) == KEYS


def test_reports_polish_text_as_ucs2_and_its_gsm7_transliteration():
    assert json.loads(run("Zażółć")) == {
        "encoding": "UCS-2",
        "units": 6,
        "segments": 1,
        "normalized": "Zazolc",
        "normalized_encoding": "GSM-7",
        "normalized_segments": 1,
    }


def test_keeps_non_ascii_characters_readable_in_the_output():
    output = run("Cena 5 € 😀")  # both survive transliteration into "normalized"
    assert '"normalized": "Cena 5 € 😀"' in output
    assert "\\u" not in output


def test_reports_segments_saved_by_transliteration_for_a_long_text():
    info = json.loads(run("ż" * 135))
    assert (info["encoding"], info["units"], info["segments"]) == ("UCS-2", 135, 3)
    assert (info["normalized_encoding"], info["normalized_segments"]) == ("GSM-7", 1)


def test_counts_extension_characters_as_two_septets():
    info = json.loads(run("a" * 159 + "€"))
    assert (info["encoding"], info["units"], info["segments"]) == ("GSM-7", 161, 2)


def test_dash_reads_the_text_from_stdin_without_the_trailing_newline():
    info = json.loads(run("-", stdin=io.StringIO("\u201eCześć\u201d\n")))
    assert info["normalized"] == '"Czesc"'
    assert info["units"] == 7


def test_missing_text_is_a_clear_command_error():
    with pytest.raises(CommandError, match="SMS text"):
        run()
