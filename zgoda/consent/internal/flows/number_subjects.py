"""Number-only subjects: consents tied to a confirmed number and no account (a shop that uses
only the REST API). One subject per number, whichever shop's key posted the consent; it never
becomes or touches an account, and an account holding the same number is a separate subject.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ...models import Action, ConsentEvent, ConsentState, ContactPoint, NumberSubject, PendingConsent, Purpose, Source
from ...models import phone_hash
from . import anonymize, ledger, validity


def subject_of(phone: str) -> NumberSubject | None:
    """The number-only subject of `phone` (E.164), None when it has none (or was erased)."""
    return subject_of_key(phone_hash(phone))


def subject_of_key(key: str) -> NumberSubject | None:
    return NumberSubject.objects.filter(phone_hash=key).first()


def subject_for(phone: str) -> NumberSubject:
    """The number's subject, made on its first consent (two shops at once: one subject)."""
    key = phone_hash(phone)
    try:
        with transaction.atomic():
            subject, _created = NumberSubject.objects.get_or_create(phone_hash=key)
    except IntegrityError:
        subject = NumberSubject.objects.get(phone_hash=key)
    return subject


def customer_reference(phone: str) -> str | None:
    """The shop's own reference of the number's subject (the latest one the shop gave with a
    consent, confirmed or still pending), None when it gave none."""
    subject = subject_of(phone)
    if subject is not None:
        for details in ConsentEvent.objects.filter(number_subject=subject).order_by("-id").values_list(
                "details", flat=True):
            if (details or {}).get("reference"):
                return details["reference"]
    pending = PendingConsent.objects.filter(phone=phone).exclude(reference="").order_by("-id").first()
    return pending.reference if pending else None


def reconfirm_contact(phone: str) -> int:
    """A code proved the number again: its number-only subject's marketing number counts as
    confirmed now (as an account's login with a code to its number does)."""
    subject = subject_of(phone)
    if subject is None:
        return 0
    return ContactPoint.objects.filter(number_subject=subject, phone=phone).update(confirmed_at=timezone.now())


def states_of(subject: NumberSubject) -> dict[str, ConsentState]:
    return {s.purpose: s for s in ConsentState.objects.select_related("text").filter(number_subject=subject)}


def set_contact(subject: NumberSubject, phone: str, via: str) -> ContactPoint:
    """The subject's marketing number, confirmed now (a code to it was just typed back)."""
    contact, _created = ContactPoint.objects.update_or_create(
        number_subject=subject, defaults={"phone": phone, "confirmed_at": timezone.now(), "via": via}
    )
    return contact


def end_marketing(key: str, source: str, *, label: str = "", phone: str = "") -> int:
    """A withdrawal by whoever holds the number (STOP, opt-out link, the portal, the API):
    the number-only subject's marketing consent ends and its contact point goes. 1 if it ended."""
    subject = subject_of_key(key)
    if subject is None:
        return 0
    state = ConsentState.objects.select_related("text").filter(
        number_subject=subject, purpose=Purpose.SMS_MARKETING).first()
    ContactPoint.objects.filter(number_subject=subject).delete()
    if state is None or not state.granted:
        return 0
    ledger.record(None, Purpose.SMS_MARKETING, Action.WITHDRAWN, state.text, source, number_subject=subject,
                  label=str(label), phone=phone)
    return 1


def erase(phone: str) -> dict[str, int]:
    """"Forget this number" for its number-only subject: every consent still granted ends (a
    withdrawal with no personal detail), its ledger rows lose the number, IP, browser and the
    shop's customer reference, its contact point and pending consents go, and the subject no
    longer leads to the number. Accounts holding the number are not touched here."""

    counts = {"number_pending_consents": PendingConsent.objects.filter(phone=phone).delete()[0]}
    subject = subject_of(phone)
    if subject is None:
        return counts
    ended = 0
    for purpose, state in states_of(subject).items():
        if state.granted:
            ledger.record(None, purpose, Action.WITHDRAWN, state.text, Source.PRIVACY_PORTAL,
                          number_subject=subject, details={"reason": "erasure"})
            ended += 1
    counts["number_consents_ended"] = ended
    counts["number_consent_events"] = anonymize_subject(subject)
    ContactPoint.objects.filter(number_subject=subject).delete()
    NumberSubject.objects.filter(pk=subject.pk).update(phone_hash=None, erased_at=timezone.now())
    return counts


def anonymize_subject(subject: NumberSubject) -> int:
    """Blank the personal columns of the subject's ledger rows, the shop's reference too."""
    return anonymize_events(ConsentEvent.objects.filter(number_subject=subject))


def anonymize_events(events) -> int:
    """Blank the personal columns of these number-only ledger rows, the shop's reference too;
    returns how many rows (the set is taken first: blanking takes rows out of a filter on them)."""
    chosen = ConsentEvent.objects.filter(pk__in=list(events.values_list("pk", flat=True)))
    for event in chosen.filter(details__has_key="reference"):
        details = {k: v for k, v in event.details.items() if k != "reference"}
        anonymize.anonymize(ConsentEvent.objects.filter(pk=event.pk), details=details)
    return anonymize.anonymize(chosen)


def holds_data(phone: str) -> dict[str, int]:
    """What is kept of the number for its number-only subject (privacy's find). The same
    statements whether the number has a subject or not (the portal asks of every number)."""
    key = phone_hash(phone)
    events = ConsentEvent.objects.filter(number_subject__phone_hash=key)
    return {
        "number_consent_details": events.filter(~Q(ip=None) | ~Q(user_agent="") | ~Q(phone="")).count(),
        "number_contact": ContactPoint.objects.filter(number_subject__phone_hash=key).count(),
        "number_pending_consents": PendingConsent.objects.filter(phone=phone).count(),
    }


def history(phone: str) -> list[dict]:
    """The subject's ledger rows, for the number's own download (RODO art. 15 and 20)."""
    subject = subject_of(phone)
    if subject is None:
        return []
    return list(ConsentEvent.objects.filter(number_subject=subject).order_by("id").values(
        "purpose", "action", "created_at", "source", "text__version", "text__language", "text__sha256",
        "label", "phone", "ip", "user_agent", "details"))


def consents(phone: str, *, granted_only: bool) -> list[dict]:
    """The subject's current state per purpose, as the number's overview shows it."""
    from .overview import LEGAL_BASIS

    subject = subject_of(phone)
    if subject is None:
        return []
    rows = []
    confirmed_at = ContactPoint.objects.filter(number_subject=subject).values_list("confirmed_at", flat=True).first()
    for purpose, state in sorted(states_of(subject).items()):
        if granted_only and not state.granted:
            continue
        on_list = purpose == Purpose.SMS_MARKETING and state.granted and validity.number_subject_valid(subject.pk)
        rows.append({
            "purpose": purpose, "granted": state.granted, "since": state.at, "version": state.text.version,
            "language": state.text.language, "text_id": state.text_id, "source_code": state.source,
            "source": Source(state.source).label, "legal_basis": LEGAL_BASIS.get(purpose, ""), "on_list": on_list,
            "confirmed_at": confirmed_at,  # when a code last proved the number (what lifts a network report)
        })
    return rows
