import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zgoda.settings")
application = get_wsgi_application()

# Refuse to serve with a hash key that no longer matches the database (docs/operations.md).
from django.db import connections  # noqa: E402

from zgoda.consent.api import refuse_unmatched_hash_key  # noqa: E402

refuse_unmatched_hash_key()
connections.close_all()  # a forking server must not share this connection between workers
