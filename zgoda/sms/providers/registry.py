"""Provider types to classes, and the configured providers in order.

Third parties plug in through the `zgoda.sms_providers` entry point group, e.g. in their
pyproject.toml:

    [project.entry-points."zgoda.sms_providers"]
    mygateway = "mypackage.sms:MyGatewayProvider"

and then ZGODA_SMS_PROVIDERS=mygateway (options from ZGODA_SMS_MYGATEWAY_*).
"""

from functools import cache
from importlib.metadata import entry_points

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from .. import app_settings

ENTRY_POINT_GROUP = "zgoda.sms_providers"
BUILTIN = {
    "outbox": "zgoda.sms.providers.outbox.OutboxProvider",
    "kannel": "zgoda.sms.providers.kannel.KannelProvider",
    "smsapi": "zgoda.sms.providers.smsapi.SmsapiProvider",
    "twilio": "zgoda.sms.providers.twilio.TwilioProvider",
    "http": "zgoda.sms.providers.http.HttpProvider",
}

_instances: dict = {}


@cache
def _plugins() -> dict:
    """Installed third-party providers (scanning the installed packages is slow: done once)."""
    return {ep.name: ep.value.replace(":", ".") for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _classes() -> dict:
    found = dict(BUILTIN)
    for name, path in _plugins().items():
        found.setdefault(name, path)
    return found


def provider_class(kind: str):
    path = _classes().get(kind)
    if path is None:
        known = ", ".join(sorted(_classes()))
        raise LookupError(f"Unknown SMS provider type {kind!r} (known: {known})")
    return import_string(path)


def provider_names() -> list[str]:
    return app_settings.providers()


def get_provider(name: str, options: dict | None = None):
    """The provider called `name`: a configured one (its type and options from settings),
    or else a bare instance of the type `name` with `options`."""
    kinds = dict(app_settings.provider_entries())
    kind = kinds.get(name, name)
    if options is None:
        options = app_settings.provider_options(name)
    key = (name, kind, _frozen(options), _classes().get(kind))
    if key not in _instances:
        _instances[key] = provider_class(kind)(options, name=name)
    return _instances[key]


def configured_providers() -> list:
    return [get_provider(name) for name in provider_names()]


def _frozen(options: dict):
    return tuple(sorted((k, str(v)) for k, v in options.items()))


@receiver(setting_changed)
def _forget_instances(*, setting, **kwargs):
    if setting.startswith("ZGODA_SMS"):
        _instances.clear()
