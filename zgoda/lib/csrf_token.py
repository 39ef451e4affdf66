"""The `csrf_token` of every page's forms (a context processor, listed in TEMPLATES' settings after
Django's built-in one, whose value it replaces): Django's get_token(), with the mask drawn from one
read of the system's randomness instead of one read per character (32 reads, about 50 us a page).
The token is Django's format (a fresh mask, then the secret enciphered with it), which the CSRF
middleware unmasks; anything unusual is left to Django's get_token()."""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Random bytes below this map evenly onto the characters (62 x 4 = 248); the rest are skipped.
_EVEN_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def csrf(request) -> dict:
    return {"csrf_token": SimpleLazyObject(lambda: masked_token(request))}


def masked_token(request) -> str:
    """What django.middleware.csrf.get_token(request) returns, with the same side effect (the
    cookie is sent with the response)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH or not all(char in _INDEX for char in secret):
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_characters(CSRF_SECRET_LENGTH)
    count = len(CSRF_ALLOWED_CHARS)
    return mask + "".join(CSRF_ALLOWED_CHARS[(_INDEX[s] + _INDEX[m]) % count] for s, m in zip(secret, mask, strict=True))


def _random_characters(length: int) -> str:
    chosen: list[str] = []
    while len(chosen) < length:
        chosen += (CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)] for byte in os.urandom(length + 8) if byte < _EVEN_BELOW)
    return "".join(chosen[:length])
