"""System checks that refuse a dangerous SMS configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register()
def providers_configured(app_configs, **kwargs):
    """Every provider in ZGODA_SMS_PROVIDERS exists and has the options it needs."""
    from .providers.base import ConfigurationError
    from .providers.registry import get_provider

    problems = []
    try:
        entries = app_settings.provider_entries()
    except ValueError as error:
        return [Error(str(error), id="zgoda.sms.E003")]
    for name, _kind in entries:
        try:
            provider = get_provider(name)
        except (ConfigurationError, LookupError, ImportError, ValueError) as error:
            problems.append(
                Error(
                    f"SMS provider {name!r}: {error}",
                    hint="See docs/operations.md for each provider's ZGODA_SMS_<NAME>_<OPTION> variables.",
                    id="zgoda.sms.E003",
                )
            )
            continue
        if provider.supports_delivery_reports and not app_settings.callback_base_url():
            problems.append(
                Warning(
                    f"SMS provider {name!r} can report deliveries, but ZGODA_SMS_CALLBACK_BASE_URL is unset: "
                    "its messages will stay 'submitted' and a lost answer cannot be settled by a report.",
                    id="zgoda.sms.W001",
                )
            )
        if not provider.delivers_on_send and not provider.prices and app_settings.otp_daily_spend_cap() is not None:
            problems.append(
                Warning(
                    f"SMS provider {name!r} has no price (ZGODA_SMS_{name.upper()}_PRICE): its messages cost 0 "
                    "and the daily spend cap on code SMS cannot stop SMS pumping.",
                    id="zgoda.sms.W002",
                )
            )
    return problems
