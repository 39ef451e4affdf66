"""Phone numbers: parse what people type into E.164, mobile numbers only.

Every check has its own message, so the person knows what to fix.
"""

from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

DEFAULT_REGION = "PL"
MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


@dataclass(frozen=True)
class Phone:
    e164: str
    region: str

    def __str__(self):
        return self.e164


def allowed_countries():
    return [c.upper() for c in getattr(settings, "ZGODA_ALLOWED_COUNTRIES", ["PL"])]


def parse_mobile(raw, countries=None) -> Phone:
    """Return the E.164 form of a mobile number or raise ValidationError saying why not."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Podaj numer telefonu komórkowego."), code="required")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except NumberParseException as error:
        raise ValidationError(
            _("To nie jest numer telefonu. Wpisz np. 500 100 200 albo +48 500 100 200."),
            code="not_a_number",
        ) from error
    length = phonenumbers.is_possible_number_with_reason(number)
    if length == ValidationResult.TOO_SHORT:
        raise ValidationError(_("Numer jest za krótki."), code="too_short")
    if length in (ValidationResult.TOO_LONG, ValidationResult.INVALID_LENGTH):
        raise ValidationError(_("Numer ma złą długość."), code="wrong_length")
    if not phonenumbers.is_valid_number(number):
        # "500 100" is a possible length for some PL service number, but never for a mobile.
        mobile_length = phonenumbers.is_possible_number_for_type_with_reason(number, PhoneNumberType.MOBILE)
        if mobile_length == ValidationResult.TOO_SHORT:
            raise ValidationError(_("Numer jest za krótki."), code="too_short")
        if mobile_length in (ValidationResult.TOO_LONG, ValidationResult.INVALID_LENGTH):
            raise ValidationError(_("Numer ma złą długość."), code="wrong_length")
        raise ValidationError(_("Taki numer nie istnieje w planie numeracji."), code="invalid")
    region = phonenumbers.region_code_for_number(number) or ""
    if region not in (countries or allowed_countries()):
        raise ValidationError(
            _("Numery z tego kraju (%(country)s) nie są obsługiwane.") % {"country": region or "?"},
            code="country_not_allowed",
        )
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(
            _("To numer stacjonarny lub specjalny. Kody wysyłamy SMS-em, podaj numer komórkowy."),
            code="not_mobile",
        )
    return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), region)


def country_of(e164: str) -> str:
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or ""
    except NumberParseException:
        return ""


def masked(e164: str) -> str:
    """+48500100200 -> '+48 *** *** 200': enough to recognise, not enough to leak."""
    try:
        number = phonenumbers.parse(e164)
    except NumberParseException:
        return "***"
    national = str(number.national_number)
    hidden = len(national) - 3
    stars = " ".join("***" for _ in range(max(1, hidden // 3)))
    return f"+{number.country_code} {stars} {national[-3:]}"


def spaced(e164: str) -> str:
    """+48500100200 -> '+48 500 100 200': the whole number, for its owner to check."""
    try:
        number = phonenumbers.parse(e164)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def national_forms(e164: str) -> list[str]:
    """The forms a number may be written in (E.164, national, spaced), for erasure checks."""
    number = phonenumbers.parse(e164)
    national = str(number.national_number)
    return [
        e164,
        national,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    ]


def written_forms(e164: str) -> list[str]:
    """Every way a number may be written in our tables (E.164, without "+", national,
    spaced): what erasure blanks and what its checks look for."""
    return list(dict.fromkeys([*national_forms(e164), e164.lstrip("+")]))


def e164_or_blank(raw: str) -> str:
    """A number as a gateway or a campaign wrote it ("+48500100200", "48500100200",
    "500100200") in E.164, or "" when it is no valid number."""
    text = (raw or "").strip()
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    candidates = [text] if text.startswith("+") else ["+" + text, text]
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ""
