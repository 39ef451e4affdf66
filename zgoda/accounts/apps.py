from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zgoda.accounts"
    label = "accounts"
    verbose_name = _("Konta i logowanie dwuetapowe")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers checks and receivers)
        from .internal import limits  # noqa: F401  (a password reset unlocks the code step)
