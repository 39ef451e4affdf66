"""Per-recipient link tokens: random letters and digits from the OS's CSPRNG, unbiased."""

import secrets

from ... import app_settings

_ALPHABET = app_settings.TOKEN_ALPHABET
_LIMIT = 256 - 256 % len(_ALPHABET)
_TABLE = bytes.maketrans(bytes(range(_LIMIT)), bytes(ord(_ALPHABET[b % len(_ALPHABET)]) for b in range(_LIMIT)))
_DROP = bytes(range(_LIMIT, 256))


def link_tokens(count: int, length: int = app_settings.LINK_TOKEN_LENGTH) -> list[str]:
    """`count` distinct tokens (a clash with a stored one fails the unique index: drawn again)."""
    out: dict[str, None] = {}
    while len(out) < count:
        need = (count - len(out)) * length
        letters = b""
        while len(letters) < need:
            letters += secrets.token_bytes(need - len(letters) + need // 30 + 16).translate(_TABLE, _DROP)
        text = letters[:need].decode("ascii")
        drawn = (text[i:i + length] for i in range(0, need, length))
        # TEST... names a campaign's test SMS (compose.test_token): never a recipient's.
        out.update(dict.fromkeys(t for t in drawn if not t.startswith(app_settings.TEST_TOKEN_PREFIX)))
    return list(out)[:count]


def looks_like_token(token: str, length: int = app_settings.LINK_TOKEN_LENGTH) -> bool:
    return len(token) == length and all(c in _ALPHABET for c in token)
