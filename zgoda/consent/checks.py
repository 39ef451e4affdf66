"""System checks for consents: the enrollment form must be ours, links must lead somewhere."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

from . import app_settings


@register()
def enrollment_form_collects_consents(app_configs, **kwargs):
    from zgoda.accounts.api import BaseEnrollmentForm

    from .forms import ConsentEnrollmentForm

    path = getattr(settings, "ZGODA_ENROLLMENT_FORM", None)
    try:
        form_class = import_string(path) if path else BaseEnrollmentForm
    except ImportError as error:
        return [Error(f"ZGODA_ENROLLMENT_FORM cannot be imported: {error}", id="zgoda.consent.E001")]
    if not issubclass(form_class, ConsentEnrollmentForm):
        return [Warning(
            "ZGODA_ENROLLMENT_FORM does not collect consents: 2FA enrollment will not offer the "
            "SMS marketing box.", hint="Use zgoda.consent.forms.ConsentEnrollmentForm or a subclass.",
            id="zgoda.consent.W001",
        )]
    return []


@register(deploy=True)
def public_url_set_in_production(app_configs, **kwargs):
    if settings.DEBUG or "localhost" not in app_settings.public_url():
        return []
    return [Warning(
        "ZGODA_PUBLIC_URL points at localhost: links in the 2FA invitation e-mail will not work.",
        hint="Set ZGODA_PUBLIC_URL to the address people use, e.g. https://sklep.example.pl.",
        id="zgoda.consent.W002",
    )]
