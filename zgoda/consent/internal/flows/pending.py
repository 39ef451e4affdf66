"""Consents a shop posts through the API: pending until the number is proved by a code
(double opt-in, as the 2FA enrollment does), then appended to the ledger for the number's
number-only subject. Pending rows are never in an audience and expire after PENDING_HOURS.
"""

import ipaddress
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zgoda.lib.phone import parse_mobile

from ...models import Action, ConsentText, PendingConsent, Purpose, Source, Suppression, phone_hash
from . import ledger, number_subjects, texts

PENDING_HOURS = 24  # a code typed back later confirms nothing
PROOF_MINUTES = 15  # a consent posted this soon after the number's API verification needs no second code
CLOCK_SKEW = timedelta(minutes=5)  # a shop's clock a little ahead is not "the future"
MAX_LABEL = 2000
MAX_REFERENCE = 100
# What a shop may collect on its own form (the 2FA notice is Zgoda's own login's).
API_PURPOSES = (Purpose.SMS_MARKETING, Purpose.TERMS, Purpose.PRIVACY)


class ConsentInputError(ValueError):
    """Input the consent API refuses: `field` names the input, `message` says why, in the
    active language (Polish by default)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, str(message)


# --- the texts a shop shows ---------------------------------------------------------------

def current_texts() -> list[dict]:
    rows = []
    for purpose in API_PURPOSES:
        for language, _name in settings.LANGUAGES:
            text = texts.current_in(purpose, language)
            if text is not None:
                rows.append({"purpose": purpose.value, "language": language, "version": text.version,
                             "sha256": text.sha256, "text": text.body, "label": text.label,
                             "material": text.material})
    return rows


# --- checking what a shop posted ------------------------------------------------------------

def clean_phone(raw) -> str:
    try:
        return parse_mobile(str(raw or "")).e164
    except ValidationError as error:
        raise ConsentInputError("phone", error.messages[0]) from None


def _purpose(value) -> Purpose:
    if value not in [p.value for p in API_PURPOSES]:
        raise ConsentInputError("purpose", _("Nieznany cel zgody „%(purpose)s”: dostępne %(purposes)s.")
                                % {"purpose": value, "purposes": ", ".join(p.value for p in API_PURPOSES)})
    return Purpose(value)


def _language(value) -> str | None:
    if value in (None, ""):
        return None
    codes = [code for code, _name in settings.LANGUAGES]
    if str(value).lower() not in codes:
        raise ConsentInputError("language", _("Nieznany język „%(lang)s”: dostępne %(langs)s.")
                                % {"lang": value, "langs": ", ".join(codes)})
    return str(value).lower()


def find_text(purpose: Purpose, version, sha256, language) -> ConsentText:
    """The published version a shop names by its version (and language) or its SHA-256;
    refused when unknown, of another purpose, or superseded by a material change."""
    published = ConsentText.objects.filter(published_at__lte=timezone.now())
    if sha256:
        field = "text_sha256"
        text = published.filter(sha256=str(sha256).strip().lower()).order_by("-published_at").first()
        if text is None:
            raise ConsentInputError(field, _("Nie znamy treści zgody o tym skrócie SHA-256."))
        if text.purpose != purpose:
            raise ConsentInputError(field, _("Ten skrót SHA-256 należy do treści innego celu (%(purpose)s).")
                                    % {"purpose": text.purpose})
        if version and text.version != str(version):
            raise ConsentInputError("text_version", _("Wersja nie zgadza się ze skrótem SHA-256."))
    elif version:
        field = "text_version"
        candidates = list(published.filter(purpose=purpose, version=str(version)))
        if language:
            candidates = [t for t in candidates if t.language == language]
        if not candidates:
            raise ConsentInputError(field, _("Nie znamy wersji „%(version)s” tej zgody.") % {"version": version})
        preferred = [language or settings.LANGUAGE_CODE]
        text = next((t for t in candidates if t.language in preferred), candidates[0])
    else:
        raise ConsentInputError("text_version", _("Podaj wersję treści zgody albo jej skrót SHA-256."))
    if texts.is_superseded(text):
        raise ConsentInputError(field, _("Ta wersja treści zgody została zastąpiona istotną zmianą: "
                                         "pokaż klientowi aktualną i wyślij jej wersję."))
    return text


def _given_at(value, now) -> datetime:
    if value in (None, ""):
        return now
    moment = value if isinstance(value, datetime) else parse_datetime(str(value).strip())
    if moment is None:
        raise ConsentInputError("given_at", _("Zła data i godzina: podaj ISO 8601, np. 2026-01-31T12:00:00Z."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + CLOCK_SKEW:
        raise ConsentInputError("given_at", _("Czas udzielenia zgody jest w przyszłości."))
    return moment


def _ip(value) -> str | None:
    if value in (None, ""):
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise ConsentInputError("ip", _("To nie jest adres IP.")) from None


# --- pending, confirmed ---------------------------------------------------------------------

def record(*, phone, purpose, text_version=None, text_sha256=None, language=None, label="", given_at=None, ip=None,
           user_agent="", reference="", api_key_id=None, sandbox=False) -> dict:
    now = timezone.now()
    e164 = clean_phone(phone)
    purpose = _purpose(purpose)
    text = find_text(purpose, text_version, text_sha256, _language(language))
    label = str(label or "").strip() or text.label
    if len(label) > MAX_LABEL:
        raise ConsentInputError("label", _("Tekst przy polu może mieć najwyżej %(n)d znaków.") % {"n": MAX_LABEL})
    reference = str(reference or "").strip()
    if len(reference) > MAX_REFERENCE:
        raise ConsentInputError("reference", _("Identyfikator klienta może mieć najwyżej %(n)d znaków.")
                                % {"n": MAX_REFERENCE})
    with transaction.atomic():
        row = PendingConsent.objects.create(
            phone=e164, purpose=purpose, text=text, label=label, source=Source.API, given_at=_given_at(given_at, now),
            ip=_ip(ip), user_agent=str(user_agent or "")[:500], reference=reference, api_key_id=api_key_id,
            sandbox=sandbox, created_at=now,
        )
        proved = recently_proved(e164, api_key_id, now)
        if proved:
            confirm(e164, api_key_id, proved_at=proved)
    return {
        "id": row.pk, "status": "confirmed" if proved else "pending", "phone": e164, "purpose": purpose.value,
        "version": text.version, "expires_at": None if proved else row.created_at + timedelta(hours=PENDING_HOURS),
    }


def confirm(phone: str, api_key_id, proved_at=None) -> int:
    """The number was proved by a code of API key `api_key_id`'s verification: the pending
    consents that same key posted for it in the last PENDING_HOURS go to the ledger for its
    number-only subject (another key's verification proves nothing for them: each shop's
    double opt-in is its own). Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(PendingConsent.objects.select_for_update().select_related("text").filter(
            phone=phone, api_key_id=api_key_id, created_at__gte=now - timedelta(hours=PENDING_HOURS)).order_by("id"))
        if not rows:
            return 0
        subject = number_subjects.subject_for(phone)
        for row in rows:
            _append(subject, row, proved_at or now)
            if row.purpose == Purpose.SMS_MARKETING:
                number_subjects.set_contact(subject, phone, via=Source.API)
        PendingConsent.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def _append(subject, row: PendingConsent, proved_at) -> None:
    state = number_subjects.states_of(subject).get(row.purpose)
    if state is not None and state.granted and state.text_id == row.text_id:
        return  # the same version granted again: the ledger already holds it
    details = {"given_at": row.given_at.isoformat(), "number_proved_at": proved_at.isoformat(),
               "pending_id": row.pk, "api_key_id": row.api_key_id}
    if row.reference:
        details["reference"] = row.reference
    ledger.record(None, row.purpose, Action.GRANTED, row.text, Source.API, number_subject=subject, label=row.label,
                  phone=row.phone, ip=row.ip, user_agent=row.user_agent, details=details)


def pending_of(phone: str, now=None, api_key_id=None) -> list[dict]:
    """The number's pending consents: those API key `api_key_id` recorded, when given; else
    every key's but the sandbox keys' test rows."""
    now = now or timezone.now()
    rows = PendingConsent.objects.select_related("text").filter(
        phone=phone, created_at__gte=now - timedelta(hours=PENDING_HOURS)).order_by("id")
    rows = rows.filter(api_key_id=api_key_id) if api_key_id is not None else rows.filter(sandbox=False)
    return [{"id": row.pk, "purpose": row.purpose, "version": row.text.version,
             "expires_at": row.created_at + timedelta(hours=PENDING_HOURS)} for row in rows]


def drop(phone: str, purpose: str, api_key_id) -> int:
    """Forget the pending consents API key `api_key_id` recorded for the number and purpose."""
    deleted, _ = PendingConsent.objects.filter(phone=phone, purpose=purpose, api_key_id=api_key_id).delete()
    return deleted


def expire(now) -> int:
    deleted, _ = PendingConsent.objects.filter(created_at__lt=now - timedelta(hours=PENDING_HOURS)).delete()
    return deleted


# --- an API verification just proved the number -----------------------------------------------

def _proof_key(phone: str, api_key_id) -> str:
    return f"consent:api-proof:{api_key_id}:{phone_hash(phone)}"


def remember_proof(phone: str, api_key_id) -> None:
    cache.set(_proof_key(phone, api_key_id), timezone.now().isoformat(), timeout=PROOF_MINUTES * 60)


def recently_proved(phone: str, api_key_id, now) -> datetime | None:
    """When this key's verification last proved the number, within PROOF_MINUTES, and no
    withdrawal, STOP or "forget this number" (a suppression entry) came after it."""
    at = parse_datetime(cache.get(_proof_key(phone, api_key_id)) or "")
    if at is None or not now - timedelta(minutes=PROOF_MINUTES) <= at <= now + CLOCK_SKEW:
        return None
    return None if Suppression.objects.filter(phone_hash=phone_hash(phone), created_at__gte=at).exists() else at


def on_number_proved(phone: str, api_key_id) -> int:
    """accounts' number_proved with purpose "api" (a shop's verification, no account): the
    key's pending consents are confirmed, and the number-only subject's number counts as
    confirmed again (numbers get recycled: ZGODA_MARKETING_RECONFIRM_MONTHS)."""
    if not phone or api_key_id is None:
        return 0
    remember_proof(phone, api_key_id)
    confirmed = confirm(phone, api_key_id)
    if not confirmed:
        number_subjects.reconfirm_contact(phone)
    return confirmed
