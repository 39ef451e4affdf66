"""Opt-out tokens: random, unguessable, made a million at a time.

Each token is 9 characters of [A-Za-z0-9] (53.6 bits) drawn from the OS's CSPRNG: random
bytes are mapped to letters by a translation table that drops bytes >= 248, so every
letter is equally likely (248 = 4 x 62) and the work is done in C.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from ... import app_settings
from ...models import OptOutToken

ALPHABET = app_settings.TOKEN_ALPHABET
LENGTH = app_settings.TOKEN_LENGTH
_LIMIT = 256 - 256 % len(ALPHABET)  # 248: bytes from here on would bias the draw
_TABLE = bytes.maketrans(bytes(range(_LIMIT)), bytes(ord(ALPHABET[b % len(ALPHABET)]) for b in range(_LIMIT)))
_DROP = bytes(range(_LIMIT, 256))
BATCH = 5000


def random_tokens(count: int) -> list[str]:
    """`count` random tokens (duplicates among them are possible only in theory; callers check)."""
    need = count * LENGTH
    letters = b""
    while len(letters) < need:
        letters += secrets.token_bytes(need - len(letters) + need // 30 + 16).translate(_TABLE, _DROP)
    text = letters[:need].decode("ascii")
    return [text[i:i + LENGTH] for i in range(0, need, LENGTH)]


def _fresh(count: int) -> list[str]:
    """`count` tokens unique among themselves and unused in the database."""
    tokens: list[str] = []
    seen: set[str] = set()
    while len(tokens) < count:
        for token in random_tokens(count - len(tokens)):
            if token not in seen:
                seen.add(token)
                tokens.append(token)
        taken = set(OptOutToken.objects.filter(token__in=tokens).values_list("token", flat=True))
        if taken:
            tokens = [t for t in tokens if t not in taken]
    return tokens


def issue(recipients: list[tuple[int | None, str]], source: str = "campaign") -> list[str]:
    now = timezone.now()
    out: list[str] = []
    for start in range(0, len(recipients), BATCH):
        chunk = recipients[start:start + BATCH]
        for _attempt in range(5):
            tokens = _fresh(len(chunk))
            rows = [
                OptOutToken(token=token, user_id=user_id, phone=phone, source=source, created_at=now)
                for token, (user_id, phone) in zip(tokens, chunk)
            ]
            try:
                with transaction.atomic():
                    OptOutToken.objects.bulk_create(rows, batch_size=BATCH)
            except IntegrityError:  # another process drew the same token in between: draw again
                continue
            out.extend(tokens)
            break
        else:
            raise RuntimeError("could not store opt-out tokens")
    return out
