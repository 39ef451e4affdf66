"""System checks that refuse a dangerous SMS configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from . import app_settings


@register(Tags.security, deploy=False)
def outbox_only_in_development(app_configs, **kwargs):
    uses_outbox = app_settings.dev_outbox_enabled() or "outbox" in app_settings.providers()
    if uses_outbox and not settings.DEBUG and not app_settings.outbox_allowed_in_production():
        return [
            Error(
                "The dev outbox SMS provider is on while DEBUG is off: real people would get no SMS.",
                hint="Configure a real provider in ZGODA_SMS_PROVIDERS, or set "
                "ZGODA_ALLOW_OUTBOX_IN_PRODUCTION=True for a demo.",
                id="zgoda.sms.E001",
            )
        ]
    return []


@register(Tags.security)
def sender_name_present(app_configs, **kwargs):
    sender = app_settings.sender()
    if not sender or len(sender) > 11:
        return [
            Error(
                "ZGODA_SMS_SENDER must be 1-11 characters.",
                id="zgoda.sms.E002",
            )
        ]
    return []
