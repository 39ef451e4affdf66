"""System checks for consents: the enrollment form must be ours, links must lead somewhere;
production (zgoda check --deploy) refuses the shipped consent texts, an empty controller and
a STOP promise no gateway can keep, unless ZGODA_DEMO says this is a demonstration."""

import importlib
import re

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError
from django.utils.module_loading import import_string

from zgoda.lib import site

from . import app_settings

SHIPPED_BY = "zgoda"  # published_by of the texts migration 0002 ships
PROMISES_STOP = re.compile(r"\bSTOP\b", re.IGNORECASE)


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


@register()
def reconfirm_months_is_a_number(app_configs, **kwargs):
    try:
        months = app_settings.marketing_reconfirm_months()
    except (TypeError, ValueError):
        months = -1
    if months is None or months > 0:
        return []
    return [Error(
        "ZGODA_MARKETING_RECONFIRM_MONTHS must be a whole number of months (e.g. 24), or empty for no re-confirmation.",
        id="zgoda.consent.E005",
    )]


def _shipped_fingerprints() -> set[str]:
    from .models import text_sha256

    shipped = importlib.import_module("zgoda.consent.migrations.0002_first_texts").TEXTS
    return {text_sha256(label, body) for label, body in shipped.values()}


def _current_texts():
    """The current text of every purpose in every language (None where none is published)."""
    from .internal.flows import texts
    from .models import Purpose

    return [texts.current_text(purpose, code) for purpose in Purpose.values for code, _name in settings.LANGUAGES]


def _demo_note() -> str:
    return "Set ZGODA_DEMO=1 only for a demonstration (make run does)."


@register(deploy=True)
def controller_named(app_configs, **kwargs):
    """The privacy notice under every consent form names the controller (RODO art. 13(1)(a))."""
    if site.demo_mode():  # `make run`: the shipped texts and an empty controller are allowed
        return []
    missing = [name for name, value in (
        ("ZGODA_CONTROLLER_NAME", app_settings.controller_name()),
        ("ZGODA_CONTROLLER_ADDRESS", app_settings.controller_address()),
        ("ZGODA_CONTROLLER_EMAIL", app_settings.controller_email()),
    ) if not value]  # fmt: skip
    if not missing:
        return []
    return [Error(
        f"{', '.join(missing)} empty: the privacy notice under the consent forms cannot name the data controller.",
        hint="Set the shop's legal name, postal address and privacy e-mail. " + _demo_note(),
        id="zgoda.consent.E002",
    )]


@register(deploy=True)
def own_consent_texts_published(app_configs, **kwargs):
    """The shipped texts are examples for a demo, not this shop's terms, policy or consents."""
    if site.demo_mode():  # `make run`: the shipped texts and an empty controller are allowed
        return []
    try:
        current = [t for t in _current_texts() if t is not None]
        shipped = _shipped_fingerprints()
    except DatabaseError as error:
        return [Error(f"Consent texts unreadable ({error}).", hint="Run `zgoda migrate` first.",
                      id="zgoda.consent.E003")]
    defaults = [t for t in current if t.sha256 in shipped or t.published_by == SHIPPED_BY]
    if not defaults:
        return []
    names = ", ".join(sorted(f"{t.purpose} ({t.language})" for t in defaults))
    return [Error(
        f"The current consent texts are the ones Zgoda ships as examples: {names}.",
        hint="Publish the shop's own versions in the admin (Zgody i eksport numerów -> Treści zgód) for every language. "
        + _demo_note(),
        id="zgoda.consent.E003",
    )]


@register(deploy=True)
def stop_promised_only_when_replies_arrive(app_configs, **kwargs):
    """A marketing text promising a STOP reply needs every gateway to take replies from a number."""
    from zgoda.sms import api as sms

    from .models import Purpose

    if site.demo_mode():  # `make run`: the shipped texts and an empty controller are allowed
        return []
    try:
        promising = [t for t in _current_texts()
                     if t is not None and t.purpose == Purpose.SMS_MARKETING
                     and PROMISES_STOP.search(f"{t.label} {t.body}")]  # fmt: skip
    except DatabaseError:
        return []  # zgoda.consent.E003 says so
    deaf = [name for name in sms.provider_names() if not sms.receives_replies(name)]
    if not promising or not deaf:
        return []
    return [Error(
        f"The SMS marketing text promises a STOP reply, but these gateways cannot receive one: {', '.join(deaf)} "
        "(an alphanumeric sender cannot be answered).",
        hint="Publish a version without STOP, or send from a number through a gateway that receives SMS. "
        + _demo_note(),
        id="zgoda.consent.E004",
    )]


@register()
def hash_key_given(app_configs, **kwargs):
    """With DATABASE_URL the hash key of suppressions must be given (ZGODA_HASH_KEY)."""
    from .internal.flows import keys

    return keys.key_missing()


@register(deploy=True)
def hash_key_matches_stored_hashes(app_configs, **kwargs):
    """Suppressions keep only a keyed hash of the number: with another key they match nothing
    and erased or opted-out numbers come back into campaigns. The production start (and the
    web server, zgoda/wsgi.py) refuses to run instead. Reads the database, so a deploy check."""
    from .internal.flows import keys

    return keys.key_mismatch()
