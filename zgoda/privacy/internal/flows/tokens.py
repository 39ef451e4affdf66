"""Opt-out tokens: random, unguessable, made a million at a time.

Each token is 9 characters of [A-Za-z0-9] (53.6 bits) drawn from the OS's CSPRNG: random
bytes are mapped to letters by a translation table that drops bytes >= 248, so every
letter is equally likely (248 = 4 x 62) and the work is done in C.
"""

import secrets

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ... import app_settings
from ...models import OptOutToken

ALPHABET = app_settings.TOKEN_ALPHABET
LENGTH = app_settings.TOKEN_LENGTH
_LIMIT = 256 - 256 % len(ALPHABET)  # 248: bytes from here on would bias the draw
_TABLE = bytes.maketrans(bytes(range(_LIMIT)), bytes(ord(ALPHABET[b % len(ALPHABET)]) for b in range(_LIMIT)))
_DROP = bytes(range(_LIMIT, 256))
BATCH = 10_000


def random_tokens(count: int) -> list[str]:
    """`count` random tokens (duplicates among them are possible only in theory; callers check)."""
    need = count * LENGTH
    letters = b""
    while len(letters) < need:
        letters += secrets.token_bytes(need - len(letters) + need // 30 + 16).translate(_TABLE, _DROP)
    text = letters[:need].decode("ascii")
    return [text[i:i + LENGTH] for i in range(0, need, LENGTH)]


def _fresh(count: int) -> list[str]:
    """`count` tokens unique among themselves (a clash with a stored one fails the insert)."""
    tokens = list(dict.fromkeys(random_tokens(count)))
    while len(tokens) < count:
        tokens = list(dict.fromkeys(tokens + random_tokens(count - len(tokens))))
    return tokens


def _insert_sql() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(OptOutToken._meta.get_field(name).column)
                        for name in ("token", "user", "phone", "phone_hash", "source", "created_at"))
    return f"INSERT INTO {quote(OptOutToken._meta.db_table)} ({columns}) VALUES (%s, %s, %s, '', %s, %s)"


def issue(recipients: list[tuple[int | None, str]], source: str = "campaign") -> list[str]:
    """One token per recipient, in order. Rows go in with executemany, BATCH at a time, each
    batch in its own savepoint: a batch that meets a stored token (about one chance in
    10^16 per token) is drawn again."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = _insert_sql()
    out: list[str] = []
    with connection.cursor() as cursor:
        for start in range(0, len(recipients), BATCH):
            chunk = recipients[start:start + BATCH]
            for _attempt in range(5):
                tokens = _fresh(len(chunk))
                rows = [(token, user_id, phone, source, now) for token, (user_id, phone) in zip(tokens, chunk, strict=True)]
                try:
                    with transaction.atomic():
                        cursor.executemany(sql, sorted(rows))  # in index order: fewer page touches
                except IntegrityError:
                    continue
                out.extend(tokens)
                break
            else:
                raise RuntimeError("could not store opt-out tokens")
    return out
