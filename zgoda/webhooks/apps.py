from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed events (Standard Webhooks) sent to the shop's own systems."""

    name = "zgoda.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooki")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
