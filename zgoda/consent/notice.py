"""The first layer of the privacy notice (RODO art. 13), shown under the consent boxes on
signup and on 2FA enrollment: who processes the data, why and on what basis, how long, who
receives it, the person's rights, and a link to the full text (the privacy policy, the
second layer). The template is consent/_notice.html."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from zgoda.sms import api as sms

from . import app_settings
from .internal.flows import texts
from .models import ConsentText, Purpose

# Gateways known by their brand; any other is named by its configured name.
BRANDS = {"smsapi": "SMSAPI.pl", "twilio": "Twilio"}
NOT_RECIPIENTS = {"outbox"}  # the dev phone: the messages never leave this server


@dataclass(frozen=True)
class Recipient:
    label: str
    outside_eea: bool


@dataclass(frozen=True)
class FirstLayer:
    controller_name: str
    controller_address: str
    controller_email: str
    recipients: tuple[Recipient, ...]
    proof_years: int
    policy: ConsentText | None  # the full text the notice links to


def recipient_label(kind: str, name: str) -> str:
    if kind == "kannel":
        return _("operator sieci komórkowej (przez naszą bramkę Kannel)")
    return BRANDS.get(kind) or _("bramka SMS „%(name)s”") % {"name": name}


def recipients() -> tuple[Recipient, ...]:
    """The configured SMS gateways, each once, with a transfer outside the EEA marked as the
    provider declares it."""
    found: dict[str, Recipient] = {}
    for gateway in sms.gateways():
        if gateway["kind"] in NOT_RECIPIENTS:
            continue
        label = recipient_label(gateway["kind"], gateway["name"])
        outside = gateway["outside_eea"] or (label in found and found[label].outside_eea)
        found[label] = Recipient(label, outside)
    return tuple(found.values())


def first_layer(language: str | None = None) -> FirstLayer:
    return FirstLayer(
        controller_name=app_settings.controller_name() or settings.ZGODA_SITE_NAME,
        controller_address=app_settings.controller_address(),
        controller_email=app_settings.controller_email(),
        recipients=recipients(),
        proof_years=app_settings.ledger_details_retention_years(),
        policy=texts.current_text(Purpose.PRIVACY, language),
    )
