from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "zgoda.privacy"
    label = "privacy"
    verbose_name = _("Prywatność (RODO)")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers checks and receivers)
