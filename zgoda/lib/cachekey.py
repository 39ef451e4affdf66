"""How the shared cache names its entries: a keyed hash of the key, never the key itself.

allauth's rate limits name their entries after the client's address or the typed e-mail
(":allauth:rl:...:ip:203.0.113.7"); kept in a database table (the default cache) or in
Redis, those would be personal data in clear beside everything else. HMAC-SHA256 with
SECRET_KEY keeps entries apart just as well, and a cache that leaks names nobody.
"""

import hashlib
import hmac

from django.conf import settings


def make_key(key: str, key_prefix: str, version: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{key_prefix}:{version}:{key}".encode(), hashlib.sha256)
    return f"z:{version}:{digest.hexdigest()}"
