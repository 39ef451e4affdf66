"""What a campaign SMS says: the text with its tracked link and the legal footer, and
what it costs (characters, encoding, segments, GSM-7 version, estimate)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from zgoda.privacy import api as privacy
from zgoda.sms import api as sms

from ... import app_settings

LINK = re.compile(r"\{link:(https?://[^\s{}]+)\}")
ANY_LINK_MARK = re.compile(r"\{link:")
DATE_FORMAT = "%d.%m.%y"
FOOTER_FIELDS = ("shop", "consent_date", "optout_url", "stop")
PROMISED_STOP = re.compile(r"\bSTOP\b", re.IGNORECASE)  # in a footer only through {stop}
SAMPLE_DATE = "00.00.00"  # every date has this width: the longest variant is any variant


def link_url(token: str) -> str:
    return f"{privacy.short_base_url()}/l/{token}"


def target_of(text: str) -> str:
    """The URL of the text's {link:...}, or ""."""
    found = LINK.search(text)
    return found.group(1) if found else ""


def text_errors(text: str) -> list[str]:
    """What is wrong with a campaign text, in Polish (empty: nothing)."""
    errors = []
    if not text.strip():
        errors.append(_("Wpisz treść wiadomości."))
    marks = len(ANY_LINK_MARK.findall(text))
    if marks != len(LINK.findall(text)):
        errors.append(_("Link zapisz jako {link:https://adres-strony}, bez spacji w adresie."))
    elif marks > 1:
        errors.append(_("Wiadomość może mieć najwyżej jeden link śledzony."))
    return errors


def footer_errors(template: str) -> list[str]:
    """What is wrong with a footer template, in Polish (empty: nothing)."""
    errors = []
    if "{optout_url}" not in template:
        errors.append(_("Szablon stopki musi zawierać {optout_url}: link wypisu jest obowiązkowy."))
    if "{consent_date}" not in template:
        errors.append(_("Szablon stopki musi podawać podstawę wysyłki: {consent_date}, dzień udzielenia zgody."))
    try:
        template.format(**dict.fromkeys(FOOTER_FIELDS, "x"))
    except (KeyError, IndexError, ValueError) as error:
        errors.append(_("Szablon stopki ma nieznane pole: %(error)s. Dozwolone: %(fields)s.")
                      % {"error": error, "fields": ", ".join("{%s}" % f for f in FOOTER_FIELDS)})
    if PROMISED_STOP.search(template.replace("{stop}", "")):
        errors.append(_("Szablon stopki obiecuje STOP na stałe: użyj {stop}, które dopisze to tylko wtedy, "
                        "gdy bramka kampanii przyjmuje odpowiedzi."))
    return errors


def shop_name() -> str:
    """The shop's name as a campaign SMS names it: in GSM-7 letters."""
    return sms.transliterate(settings.ZGODA_SITE_NAME)


def offers_stop(provider_name: str, sender: str = "") -> bool:
    """Whether a campaign through this gateway and sender may say "odpisz STOP": a reply reaches us."""
    return bool(provider_name) and sms.receives_replies(provider_name, sender)


def footer(*, optout_url: str, consent_date: str, stop: bool = False) -> str:
    return app_settings.footer_template().format(
        shop=shop_name(), consent_date=consent_date, optout_url=optout_url,
        stop=app_settings.STOP_WORDING if stop else "",
    )  # fmt: skip


def render(text: str, *, link_token: str, optout_url: str, consent_date: str, stop: bool = False) -> str:
    """The message one recipient gets: text (link made theirs), a space, the footer; `stop`
    (offers_stop() of the campaign's gateway) adds the STOP wording."""
    body = LINK.sub(lambda _m: link_url(link_token), text.strip())
    return f"{body} {footer(optout_url=optout_url, consent_date=consent_date, stop=stop)}"


def sample(text: str, provider_name: str = "", sender: str = "") -> str:
    """The longest variant across recipients: tokens and dates are fixed-width, so any."""
    return render(
        text,
        link_token="X" * app_settings.LINK_TOKEN_LENGTH,
        optout_url=privacy.sample_optout_url(),
        consent_date=SAMPLE_DATE,
        stop=offers_stop(provider_name, sender),
    )


@dataclass
class Analysis:
    sample: str
    characters: int
    encoding: str
    units: int
    segments: int
    normalized: str
    normalized_encoding: str
    normalized_segments: int
    recipients: int
    price: Decimal
    cost: Decimal
    currency: str

    @property
    def multi_segment(self) -> bool:
        return self.segments > 1

    @property
    def ucs2(self) -> bool:
        return self.encoding == sms.UCS2

    def as_dict(self) -> dict:
        return {
            "sample": self.sample, "characters": self.characters, "encoding": self.encoding, "units": self.units,
            "segments": self.segments, "normalized": self.normalized,
            "normalized_encoding": self.normalized_encoding, "normalized_segments": self.normalized_segments,
            "recipients": self.recipients, "price": str(self.price), "cost": f"{self.cost:.2f}",
            "currency": self.currency,
        }  # fmt: skip


def analyze(text: str, recipients: int, provider_name: str) -> Analysis:
    whole = sample(text, provider_name)
    info = sms.sms_info(whole)
    price = sms.segment_price(provider_name)
    # What would really go out: a text staff keep in UCS-2 costs UCS-2 segments.
    return Analysis(
        sample=whole, characters=len(whole), encoding=info["encoding"], units=info["units"],
        segments=info["segments"], normalized=sms.transliterate(text),
        normalized_encoding=info["normalized_encoding"],
        normalized_segments=info["normalized_segments"], recipients=recipients, price=price,
        cost=price * info["segments"] * recipients, currency=sms.currency(),
    )  # fmt: skip
