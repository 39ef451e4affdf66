from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Zgoda as an OpenID Connect provider (allauth.idp.oidc): claims, signing key, clients."""

    name = "zgoda.identity"
    label = "identity"
    verbose_name = _("Logowanie w innych sklepach (OpenID Connect)")

    def ready(self):
        from zgoda.lib import headers

        from . import checks  # noqa: F401  (registers the checks)
        from .internal import form_action

        headers.add_form_action_hook(form_action.origins_for)
