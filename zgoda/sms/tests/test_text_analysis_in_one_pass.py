"""analyze() counts a text in one pass; its answer is the one the separate counts give
(encoding_of, units, segments), for short and long texts, GSM-7, extension characters, Polish
letters and characters beyond the BMP."""

import random

from zgoda.sms.text import GSM7, GSM7_EXTENSION, analyze, encoding_of, segments

ALPHABETS = ["abc XYZ 0123456789.,!?", "abc{}[]~|^€\\", "zażółć gęślą jaźń", "ok 👍🏽 ✓", "\f\n\r@£$"]


def texts():
    rng = random.Random(2026)
    for alphabet in ALPHABETS:
        for length in (0, 1, 69, 70, 71, 153, 159, 160, 161, 306, 307, 500):
            yield "".join(rng.choice(alphabet) for _ in range(length))
    yield "a" * 159 + "€"  # the escape pushes a 160-character text over one SMS
    yield "😀" * 35  # 70 UTF-16 units: still one SMS


def counted_character_by_character(text: str) -> int:
    if encoding_of(text) == GSM7:
        return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def test_analyze_agrees_with_the_separate_counts():
    for text in texts():
        info = analyze(text)
        assert (info.encoding, info.units, info.segments) == (
            encoding_of(text), counted_character_by_character(text), segments(text)), text
