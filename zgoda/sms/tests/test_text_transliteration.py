"""transliterate(): Polish and typographic characters to GSM-7, nothing else invented."""

import pytest

from zgoda.sms.text import GSM7_BASIC, GSM7_EXTENSION, encoding_of, segments, transliterate

POLISH = [
    ("ą", "a"), ("ć", "c"), ("ę", "e"), ("ł", "l"), ("ń", "n"),
    ("ó", "o"), ("ś", "s"), ("ź", "z"), ("ż", "z"),
    ("Ą", "A"), ("Ć", "C"), ("Ę", "E"), ("Ł", "L"), ("Ń", "N"),
    ("Ó", "O"), ("Ś", "S"), ("Ź", "Z"), ("Ż", "Z"),
]  # fmt: skip


@pytest.mark.parametrize(("letter", "ascii"), POLISH)
def test_every_polish_letter_and_capital_becomes_its_ascii_base(letter, ascii):
    assert transliterate(letter) == ascii


def test_polish_sentence_becomes_gsm7():
    text = "Zażółć gęślą jaźń. ŁÓDŹ, ŚWIĘTO, ŻÓŁĆ."
    assert encoding_of(text) == "UCS-2"
    assert transliterate(text) == "Zazolc gesla jazn. LODZ, SWIETO, ZOLC."
    assert encoding_of(transliterate(text)) == "GSM-7"


QUOTES = [
    ("\u201e", '"'), ("\u201d", '"'), ("\u201c", '"'), ("\u00ab", '"'), ("\u00bb", '"'),
    ("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u2039", "'"), ("\u203a", "'"),
]  # fmt: skip
DASHES = [("\u2013", "-"), ("\u2014", "-"), ("\u2212", "-"), ("\u2011", "-")]
SPACES = [
    "\u00a0",  # no-break space
    "\u202f",  # narrow no-break space
    "\u2009",  # thin space
    "\u200a",  # hair space
    "\u2007",  # figure space
    "\u2002",  # en space
    "\u2003",  # em space
    "\u2005",  # four-per-em space
    "\u205f",  # medium mathematical space
    "\u3000",  # ideographic space
]
ZERO_WIDTH = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\ufeff",  # BOM / zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u2060",  # word joiner
]


@pytest.mark.parametrize(("char", "plain"), QUOTES)
def test_typographic_quote_becomes_a_straight_quote(char, plain):
    assert transliterate(f"a{char}b") == f"a{plain}b"


@pytest.mark.parametrize(("char", "plain"), DASHES)
def test_dash_minus_and_non_breaking_hyphen_become_a_hyphen(char, plain):
    assert transliterate(f"10{char}20") == f"10{plain}20"


def test_ellipsis_becomes_three_dots():
    assert transliterate("Czekaj\u2026") == "Czekaj..."


@pytest.mark.parametrize("space", SPACES)
def test_unusual_space_becomes_a_plain_space(space):
    assert transliterate(f"10{space}PLN") == "10 PLN"


@pytest.mark.parametrize("char", ZERO_WIDTH)
def test_zero_width_character_is_removed(char):
    assert transliterate(f"ko{char}d") == "kod"


def test_polish_quotes_and_dashes_in_a_real_message_become_gsm7():
    text = "\u201eSuper\u201d promocja \u2013 \u221220%\u00a0na\u00a0wszystko\u2026"
    assert transliterate(text) == '"Super" promocja - -20% na wszystko...'
    assert encoding_of(transliterate(text)) == "GSM-7"


def test_every_gsm7_character_is_left_unchanged():
    table = "".join(sorted(GSM7_BASIC | GSM7_EXTENSION))
    assert transliterate(table) == table


@pytest.mark.parametrize(
    "word", ["Café", "crème", "à", "Müller", "ÄÖÜ", "Señor", "Straße", "Øre"]
)
def test_accented_letters_already_in_gsm7_keep_their_accent(word):
    assert transliterate(word) == word


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Dvořák", "Dvorak"),
        ("Škoda", "Skoda"),
        ("façade", "facade"),
        ("São", "Sao"),
        ("Kraków", "Krakow"),
    ],
)
def test_other_accented_latin_letters_fold_to_their_gsm7_base(word, folded):
    assert transliterate(word) == folded


@pytest.mark.parametrize("text", ["😀", "ok 👍", "Привет", "日本", "α"])
def test_characters_without_a_gsm7_form_are_kept_not_replaced(text):
    assert transliterate(text) == text


def test_text_with_an_emoji_stays_ucs2_but_loses_its_polish_letters():
    result = transliterate("Dzięki 😀")
    assert result == "Dzieki 😀"
    assert encoding_of(result) == "UCS-2"


def test_transliteration_is_idempotent():
    text = "\u201eŻółw\u201d \u2013 Café\u2026 😀"
    assert transliterate(transliterate(text)) == transliterate(text)


def test_long_polish_text_costs_fewer_segments_after_transliteration():
    text = "Zażółć gęślą jaźń, świętuj z nami! " * 4  # 140 characters
    assert segments(text) == 3  # UCS-2: 67 per segment
    assert segments(transliterate(text)) == 1  # GSM-7: fits 160
