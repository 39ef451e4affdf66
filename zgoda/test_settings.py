"""Settings for the test suite: the real settings with tasks run in-process and fast hashing."""

import os

os.environ.setdefault("ZGODA_TASK_BACKEND", "immediate")
os.environ.setdefault("ZGODA_DEV_OUTBOX", "1")
os.environ.setdefault("ZGODA_DEBUG", "0")
os.environ.setdefault("ZGODA_ALLOW_OUTBOX_IN_PRODUCTION", "1")
os.environ.setdefault("ZGODA_PLAIN_STATIC", "1")
os.environ.setdefault("ZGODA_WEBHOOKS_ALLOW_PRIVATE", "1")  # the tests' webhook receivers listen on 127.0.0.1
# A fixed hash key: the suite never creates key files in the data folder, and runs alike on PostgreSQL.
os.environ.setdefault("ZGODA_HASH_KEY", "zgoda-test-hash-key-not-for-production")
os.environ.setdefault("ZGODA_MFA_KEY", "zgoda-test-mfa-key-not-for-production")  # likewise the mfa secrets' key
# ... and the ID tokens' signing key (a test key, in the repository)
os.environ.setdefault("ZGODA_OIDC_PRIVATE_KEY_FILE", os.path.join(os.path.dirname(__file__), "identity/tests/signing_key.pem"))

from zgoda.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns when it is missing)
