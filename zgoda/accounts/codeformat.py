"""How a code looks: digits, grouped by three from the left when longer than four."""

import re

_SEPARATORS = re.compile(r"[\s\-\u00a0\u2009\u202f]+")


def group(code: str) -> str:
    """'482913' -> '482 913', '12345678' -> '123 456 78', '4829' stays."""
    if len(code) <= 4:
        return code
    return " ".join(code[i : i + 3] for i in range(0, len(code), 3))


def normalize(typed: str) -> str:
    """What the person typed, without spaces or dashes ('482 913', '482-913')."""
    return _SEPARATORS.sub("", typed or "")
