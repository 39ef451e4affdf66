"""Every SMS text goes through here: GSM-7 vs UCS-2, length, segments, transliteration.

Pure Python, no Django. The numbers follow GSM 03.38 / 03.40:

* GSM-7: 160 septets in a single SMS, 153 per segment of a concatenated one (the
  user data header takes the rest). Extension-table characters are sent as
  ESC + char, cost two septets, and the pair is never split across segments.
* UCS-2 (really UTF-16): 70 code units single, 67 per segment; a character
  outside the BMP is a surrogate pair (two units) and is never split either.

One Polish letter turns the whole message into UCS-2 (roughly 2.3x the price of a
long text), hence :func:`transliterate`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# GSM 03.38 default alphabet in table order, without ESC (0x1B).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each costs two septets (ESC + char).
GSM7_EXTENSION = frozenset("\f^{}\\[]~|€")
_GSM7 = GSM7_BASIC | GSM7_EXTENSION

GSM7_SINGLE_LIMIT, GSM7_SEGMENT_LIMIT = 160, 153
UCS2_SINGLE_LIMIT, UCS2_SEGMENT_LIMIT = 70, 67

_POLISH = {
    "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n",
    "ó": "o", "ś": "s", "ź": "z", "ż": "z",
    "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N",
    "Ó": "O", "Ś": "S", "Ź": "Z", "Ż": "Z",
}  # fmt: skip

_TYPOGRAPHIC = {
    # quotes
    "\u201e": '"', "\u201d": '"', "\u201c": '"', "\u201f": '"',  # „ ” “ ‟
    "\u00ab": '"', "\u00bb": '"',  # « »
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",  # ‘ ’ ‚ ‛
    "\u2039": "'", "\u203a": "'",  # ‹ ›
    # dashes and hyphens
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",  # ‐ non-breaking ‒ –
    "\u2014": "-", "\u2015": "-", "\u2212": "-",  # — ― minus sign
    "\u2026": "...",  # …
    # invisible characters: dropped
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",  # ZWSP ZWNJ ZWJ BOM
    "\u00ad": "", "\u2060": "",  # soft hyphen, word joiner
}  # fmt: skip

_REPLACEMENTS = {**_POLISH, **_TYPOGRAPHIC}


def _is_gsm7_char(ch: str) -> bool:
    return ch in _GSM7


def _fold(ch: str) -> str:
    """Best GSM-7 form of one character, or the character itself if there is none."""
    if ch in _REPLACEMENTS:
        return _REPLACEMENTS[ch]
    if _is_gsm7_char(ch):
        return ch  # é, ü, Ñ, ß... are GSM-7 already; NFKD would only lose the accent
    category = unicodedata.category(ch)
    if category == "Zs":
        return " "  # no-break, narrow, thin, hair, figure, en/em... spaces
    if category.startswith("L"):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        if base and all(c in GSM7_BASIC for c in base):
            return base
    return ch  # emoji and the like: keep, the text stays UCS-2


def transliterate(text: str) -> str:
    """Rewrite ``text`` into GSM-7 where that loses nothing a reader would miss."""
    return "".join(_fold(ch) for ch in text)


def is_gsm7(text: str) -> bool:
    return _GSM7.issuperset(text)


def encoding_of(text: str) -> str:
    return GSM7 if is_gsm7(text) else UCS2


def _septets(ch: str) -> int:
    return 2 if ch in GSM7_EXTENSION else 1


def _utf16_units(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def _limits(text: str):
    """(cost of one character, single-SMS limit, per-segment limit) for ``text``."""
    if is_gsm7(text):
        return _septets, GSM7_SINGLE_LIMIT, GSM7_SEGMENT_LIMIT
    return _utf16_units, UCS2_SINGLE_LIMIT, UCS2_SEGMENT_LIMIT


def units(text: str) -> int:
    """Septets for GSM-7 text, UTF-16 code units for UCS-2 text."""
    return _units(text, is_gsm7(text))


def _units(text: str, gsm7: bool) -> int:
    if gsm7:
        return len(text) + sum(map(GSM7_EXTENSION.__contains__, text))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # a character beyond the BMP: two units


def split_segments(text: str) -> list[str]:
    """The parts the text is sent as; a character (escape or surrogate pair) never splits."""
    cost, single_limit, segment_limit = _limits(text)
    if sum(cost(ch) for ch in text) <= single_limit:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for ch in text:
        if used + cost(ch) > segment_limit:
            parts.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += cost(ch)
    parts.append("".join(current))
    return parts


def segments(text: str) -> int:
    return len(split_segments(text))


@dataclass(frozen=True)
class TextInfo:
    encoding: str
    units: int
    segments: int


def analyze(text: str) -> TextInfo:
    gsm7 = is_gsm7(text)
    count = _units(text, gsm7)
    single_limit = GSM7_SINGLE_LIMIT if gsm7 else UCS2_SINGLE_LIMIT
    return TextInfo(encoding=GSM7 if gsm7 else UCS2, units=count,
                    segments=1 if count <= single_limit else segments(text))


def sms_info(text: str) -> dict:
    """What sending ``text`` costs as given, and after :func:`transliterate`."""
    given = analyze(text)
    normalized = transliterate(text)
    after = analyze(normalized)
    return {
        "encoding": given.encoding,
        "units": given.units,
        "segments": given.segments,
        "normalized": normalized,
        "normalized_encoding": after.encoding,
        "normalized_segments": after.segments,
    }


def fits_one_segment_gsm7(text: str) -> bool:
    return is_gsm7(text) and segments(text) == 1
