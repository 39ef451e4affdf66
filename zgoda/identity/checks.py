"""System checks of the OpenID Connect provider: a signing key every machine shares."""

from django.core.checks import Error, register

from . import app_settings
from .internal import keys


@register()
def signing_key_given_with_database_url(app_configs, **kwargs):
    given = app_settings.private_key()
    if given:
        reason = keys.problem(given)
        return [Error(reason, id="zgoda.identity.E002")] if reason else []
    if keys.may_generate():
        return []
    return [Error(keys.missing_message(),
                  hint="Generate one: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048",
                  id="zgoda.identity.E001")]
