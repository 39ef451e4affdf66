from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "zgoda.consent"
    label = "consent"
    verbose_name = _("Zgody i eksport numerów")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401  (registers checks and receivers)

        post_migrate.connect(_ensure_hash_key, sender=self, dispatch_uid="consent.ensure_hash_key")
        # The marketing number and the re-consent question, read with a login's code (one statement less).
        from zgoda.accounts.api import read_with_code_check

        from .internal.flows import marketing

        read_with_code_check("consent", marketing.with_code_check, marketing.with_code_check_values)


def _ensure_hash_key(sender, using="default", **kwargs):
    """After `zgoda migrate`: the hash key file (SQLite) and its fingerprint in the database."""
    from .internal.flows import keys

    keys.ensure(using)
