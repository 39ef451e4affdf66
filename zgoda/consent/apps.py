from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "zgoda.consent"
    label = "consent"
    verbose_name = _("Zgody i eksport numerów")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers checks and receivers)
