from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "zgoda.privacy"
    label = "privacy"
    verbose_name = _("Prywatność (RODO)")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401  (registers checks and receivers)

        post_migrate.connect(_schedule_purge, sender=self, dispatch_uid="privacy.schedule_purge")


def _schedule_purge(sender, **kwargs):
    """After `zgoda migrate` (every start of `make run` and of a deployment), the retention
    purge is queued for the task worker if it is not already."""
    from .tasks import schedule_purge

    schedule_purge()
