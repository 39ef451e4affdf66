"""What a campaign SMS says: the text with its tracked link and the legal footer, and
what it costs (characters, encoding, segments, GSM-7 version, estimate)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from zgoda.lib import site
from zgoda.privacy import api as privacy
from zgoda.sms import api as sms

from ... import app_settings

# A full address, or a path on Zgoda itself ("/p/slug/"), resolved against ZGODA_PUBLIC_URL.
LINK = re.compile(r"\{link:((?:https?://|/)[^\s{}]+)\}")
LANDING_PATH = re.compile(r"^/p/([-a-zA-Z0-9_]+)/")
ANY_LINK_MARK = re.compile(r"\{link:")
DATE_FORMAT = "%d.%m.%y"
FOOTER_FIELDS = ("shop", "consent_date", "optout_url", "stop")
PROMISED_STOP = re.compile(r"\bSTOP\b", re.IGNORECASE)  # in a footer only through {stop}
SAMPLE_DATE = "00.00.00"  # every date has this width: the longest variant is any variant


def link_url(token: str) -> str:
    return f"{privacy.short_base_url()}/l/{token}"


def target_of(text: str) -> str:
    """The full URL of the text's {link:...} (a path put after ZGODA_PUBLIC_URL), or ""."""
    found = LINK.search(text)
    if not found:
        return ""
    target = found.group(1)
    return site.public_url() + target if target.startswith("/") else target


def landing_slug_of(text: str) -> str:
    """The slug of the landing page the text links to, or ""."""
    found = LINK.search(text)
    page = LANDING_PATH.match(found.group(1)) if found else None
    return page.group(1) if page else ""


def landing_link(slug: str) -> str:
    """What the composer's landing-page picker puts in the text."""
    return "{link:/p/%s/}" % slug


def test_token(campaign_id: int) -> str:
    """The tracked-link token of a campaign's test SMS: TEST and the id in four letters."""
    digits, n = [], int(campaign_id)
    for _position in range(app_settings.LINK_TOKEN_LENGTH - len(app_settings.TEST_TOKEN_PREFIX)):
        n, rest = divmod(n, len(TEST_DIGITS))
        digits.append(TEST_DIGITS[rest])
    return app_settings.TEST_TOKEN_PREFIX + "".join(reversed(digits))


def campaign_of_test_token(token: str) -> int | None:
    """The campaign id a test token names, or None when `token` is not a test token."""
    prefix = app_settings.TEST_TOKEN_PREFIX
    rest = (token or "")[len(prefix):]
    if not token.startswith(prefix) or len(token) != app_settings.LINK_TOKEN_LENGTH or \
            any(c not in TEST_DIGITS for c in rest):
        return None
    n = 0
    for c in rest:
        n = n * len(TEST_DIGITS) + TEST_DIGITS.index(c)
    return n


TEST_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"  # TEST0001 for campaign 1


def text_errors(text: str) -> list[str]:
    """What is wrong with a campaign text, in Polish (empty: nothing)."""
    errors = []
    if not text.strip():
        errors.append(_("Wpisz treść wiadomości."))
    marks = len(ANY_LINK_MARK.findall(text))
    if marks != len(LINK.findall(text)):
        errors.append(_("Link zapisz jako {link:https://adres-strony} albo {link:/p/strona/}, bez spacji w adresie."))
    elif marks > 1:
        errors.append(_("Wiadomość może mieć najwyżej jeden link śledzony."))
    else:
        errors += _landing_errors(LINK.findall(text))
    return errors


def _landing_errors(targets: list[str]) -> list[str]:
    """A link to a landing page must name one that exists."""
    from ...models import LandingPage

    for target in targets:
        page = LANDING_PATH.match(target)
        if page and not LandingPage.objects.filter(slug=page.group(1)).exists():
            return [_("Nie ma strony kampanii o adresie /p/%(slug)s/: wybierz ją z listy albo utwórz.")
                    % {"slug": page.group(1)}]
    return []


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


def footer(*, optout_url: str, consent_date: str, stop: bool = False, language: str | None = None) -> str:
    """The footer in the campaign's `language` (its one language; "" or None: Polish), whatever
    language the page or task that renders it is in."""
    return app_settings.footer_template(language).format(
        shop=shop_name(), consent_date=consent_date, optout_url=optout_url,
        stop=app_settings.stop_wording(language) if stop else "",
    )  # fmt: skip


def render(text: str, *, link_token: str, optout_url: str, consent_date: str, stop: bool = False,
           language: str | None = None) -> str:
    """The message one recipient gets: text (link made theirs), a space, the footer in the
    campaign's `language`; `stop` (offers_stop() of the campaign's gateway) adds the STOP wording."""
    body = LINK.sub(lambda _m: link_url(link_token), text.strip())
    return f"{body} {footer(optout_url=optout_url, consent_date=consent_date, stop=stop, language=language)}"


def sample(text: str, provider_name: str = "", sender: str = "", language: str | None = None) -> str:
    """The longest variant across recipients: tokens and dates are fixed-width, so any."""
    return render(
        text,
        link_token="X" * app_settings.LINK_TOKEN_LENGTH,
        optout_url=privacy.sample_optout_url(),
        consent_date=SAMPLE_DATE,
        stop=offers_stop(provider_name, sender),
        language=language,
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


def analyze(text: str, recipients: int, provider_name: str, language: str | None = None) -> Analysis:
    whole = sample(text, provider_name, language=language)  # the footer the campaign's language sends
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


def composer_numbers(text: str, recipients: int, provider_name: str, language: str | None = None) -> dict:
    """What the composer's script counts with (the analyze view's answer, and the numbers the
    page starts with, so nothing flashes zeros before the first answer); the footer in the
    campaign's `language`."""
    from ...money import money

    analysis = analyze(text, recipients, provider_name, language)
    return {
        **analysis.as_dict(), "footer_sample": sample("x", provider_name, language=language)[2:],
        "link_sample": link_url("X" * app_settings.LINK_TOKEN_LENGTH), "cost_display": money(analysis.cost),
    }
