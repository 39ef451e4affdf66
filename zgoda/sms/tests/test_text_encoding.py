"""Which alphabet a text needs and how many units it costs."""

import dataclasses

import pytest

from zgoda.sms.text import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    TextInfo,
    analyze,
    encoding_of,
    fits_one_segment_gsm7,
    is_gsm7,
    units,
)


def test_basic_table_has_the_127_printable_gsm_characters():
    assert len(GSM7_BASIC) == 127  # 128 code points minus ESC
    assert "\x1b" not in GSM7_BASIC


def test_extension_table_is_exactly_the_two_septet_characters():
    assert GSM7_EXTENSION == frozenset("|^€{}[]~\\\f")
    assert not GSM7_EXTENSION & GSM7_BASIC


@pytest.mark.parametrize("ch", sorted(GSM7_BASIC | GSM7_EXTENSION))
def test_every_table_character_is_gsm7(ch):
    assert is_gsm7(ch)
    assert encoding_of(ch) == "GSM-7"


def test_plain_ascii_text_is_gsm7():
    assert encoding_of("Your code: 123456. Valid 5 min.") == "GSM-7"


@pytest.mark.parametrize("ch", list("éèàüÄÖÑßÅØÆ£¥ΔΩ"))
def test_accented_and_greek_letters_from_the_table_keep_text_gsm7(ch):
    assert encoding_of(f"Caf{ch}") == "GSM-7"


@pytest.mark.parametrize("ch", list("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"))
def test_one_polish_letter_turns_the_whole_text_into_ucs2(ch):
    assert encoding_of("Kod logowania: 1234 " + ch) == "UCS-2"


@pytest.mark.parametrize(
    "text", ["„cytat”", "a–b", "dalej…", "10\u00a0PLN", "😀", "Привет", "\t"]
)
def test_characters_outside_the_tables_force_ucs2(text):
    assert not is_gsm7(text)
    assert encoding_of(text) == "UCS-2"


def test_empty_text_is_gsm7_with_zero_units():
    assert encoding_of("") == "GSM-7"
    assert units("") == 0


def test_gsm7_units_count_one_septet_per_basic_character():
    assert units("Hello @ £ é") == 11


def test_gsm7_units_count_two_septets_per_extension_character():
    assert units("€") == 2
    assert units("a|b^c{d}e[f]g~h\\i\f€") == 9 + 2 * 10


def test_ucs2_units_count_one_utf16_unit_per_bmp_character():
    assert units("Zażółć €") == 8  # in UCS-2 the euro sign is one unit, not two


def test_ucs2_units_count_an_emoji_outside_the_bmp_as_two():
    assert units("😀") == 2
    assert units("ok 👍") == 5


def test_analyze_returns_encoding_units_and_segments():
    assert analyze("a" * 161) == TextInfo(encoding="GSM-7", units=161, segments=2)
    assert analyze("ż" * 71) == TextInfo(encoding="UCS-2", units=71, segments=2)


def test_text_info_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        analyze("a").units = 5


def test_fits_one_segment_gsm7_accepts_160_septets():
    assert fits_one_segment_gsm7("a" * 160)
    assert fits_one_segment_gsm7("a" * 158 + "€")


def test_fits_one_segment_gsm7_rejects_161_septets():
    assert not fits_one_segment_gsm7("a" * 161)
    assert not fits_one_segment_gsm7("a" * 159 + "€")


def test_fits_one_segment_gsm7_rejects_short_ucs2_text():
    assert not fits_one_segment_gsm7("Kod: 1234 ł")
