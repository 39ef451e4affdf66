from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestApiConfig(AppConfig):
    """The REST API /api/v1/ (django-ninja, OpenAPI 3) and its API keys."""

    name = "zgoda.restapi"
    label = "restapi"
    verbose_name = _("API REST")
