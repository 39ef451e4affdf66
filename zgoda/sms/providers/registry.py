"""Provider names to classes; third parties plug in through the `zgoda.sms_providers` entry points."""

from importlib.metadata import entry_points

from django.utils.module_loading import import_string

from .. import app_settings

BUILTIN = {
    "outbox": "zgoda.sms.providers.outbox.OutboxProvider",
}


def _classes() -> dict:
    found = dict(BUILTIN)
    for ep in entry_points(group="zgoda.sms_providers"):
        found.setdefault(ep.name, ep.value.replace(":", "."))
    return found


def provider_names() -> list[str]:
    return app_settings.providers()


def get_provider(name: str, options: dict | None = None):
    path = _classes().get(name)
    if path is None:
        raise LookupError(f"Unknown SMS provider {name!r}")
    return import_string(path)(options or {})
