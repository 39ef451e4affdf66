"""How the shared cache names its entries: a keyed hash of the key, never the key itself.

allauth's rate limits name their entries after the client's address or the typed e-mail
(":allauth:rl:...:ip:203.0.113.7"); kept in a database table (the default cache) or in
Redis, those would be personal data in clear beside everything else. HMAC-SHA256 with a
key derived from SECRET_KEY keeps entries apart just as well, and a cache that leaks names nobody.
"""

from .crypto import keyed_hash


def make_key(key: str, key_prefix: str, version: int) -> str:
    return f"z:{version}:{keyed_hash('cache', f'{key_prefix}:{version}:{key}')}"
