"""URL path converters for ids: bounded digit strings, so a huge or odd id is a 404, never a 500.

`<id:pk>` matches 1-18 ASCII digits (below 2**63, the largest id either database stores);
Django's `<int:...>` matches any number of digits, and a 20-digit id overflowed SQLite.
"""

from django.urls import register_converter

MAX_DIGITS = 18


class BoundedIdConverter:
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def parse_id(value, *, default=None):
    """`value` as an id (1-18 ASCII digits, > 0), or `default`: for ids in forms and queries.

    str.isdigit() is true for "²³⁴" and int() refuses them; int() also refuses 100,000 digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value < 10**MAX_DIGITS else default
    if not isinstance(value, str) or not (0 < len(value) <= MAX_DIGITS) or not value.isascii() or not value.isdigit():
        return default
    number = int(value)
    return number if number > 0 else default


register_converter(BoundedIdConverter, "id")
