"""The consent app's personal data: the ledger (who, when, from which IP and browser, on
which number), the current states, the marketing number, 2FA invitations.

An account's ledger rows are anonymized, not deleted: what was consented to, which
version and when stays as proof and for counts, without the number, IP or browser. A
number's data here is its marketing status, and everything of its number-only subject (the
consents a shop posted through the API for a number without an account: ledger rows,
contact point, pending consents); forgetting it ends every marketing consent tied to it,
anonymizes the number-only subject and suppresses the number, while the accounts keep
their contact number, 2FA and their own consent rows.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zgoda.lib import personal_data

from . import app_settings
from .internal.flows import anonymize, contacts, ledger, number_subjects, numbers, overview, pending, validity
from .models import Action, ConsentEvent, ConsentState, ContactPoint, NumberSubject, SecurityInvitation, Source, phone_hash

FORGET_LABEL = _("Zapomnij ten numer")


def _end_grants(user_id) -> int:
    """Every consent still granted ends, as a withdrawal with no personal detail."""
    ended = 0
    for purpose, state in ledger.states_of(user_id).items():
        if state.granted:
            ledger.record(state.user, purpose, Action.WITHDRAWN, state.text, Source.PRIVACY_PORTAL,
                          details={"reason": "erasure"})
            ended += 1
    return ended


def _number_subject_on_list(phone) -> bool:
    subject = NumberSubject.objects.filter(phone_hash=phone_hash(phone)).first()
    return subject is not None and validity.number_subject_valid(subject.pk)


@personal_data.register
class ConsentPersonalData(personal_data.PersonalData):
    columns = {
        "consent.contactpoint": ("user", "number_subject", "phone", "phone_hash"),
        "consent.consentevent": ("user", "number_subject", "ip", "user_agent", "phone", "details"),
        "consent.consentstate": ("user", "number_subject"),
        "consent.securityinvitation": ("user", "email"),
        "consent.numbersubject": ("phone_hash",),
        "consent.pendingconsent": ("phone", "ip", "user_agent", "reference"),
    }
    kept = {
        "consent.suppression.phone_hash": "a keyed hash only: an opted-out or erased number stays out of campaigns",
        "consent.exportaudit.actor": "the staff member who exported numbers (accountability, RODO art. 5(2))",
        "consent.exportaudit.filters": "the export's filters: dates, language, no person",
    }

    def numbers_of(self, user_id):
        return set(ContactPoint.objects.filter(user_id=user_id).values_list("phone", flat=True))

    def holders_of(self, phone):
        """Accounts only: a number-only subject holds no account (privacy's `knows()` finds it)."""
        return set(ContactPoint.objects.filter(phone_hash=phone_hash(phone), user__isnull=False)
                   .values_list("user_id", flat=True))

    def find(self, subject):
        if isinstance(subject, personal_data.Number):
            return {"marketing_consents": len(overview.granted_on_number(subject.phone)),
                    **number_subjects.holds_data(subject.phone)}
        events = ConsentEvent.objects.filter(user_id=subject.user_id)
        return {
            "marketing_number": ContactPoint.objects.filter(user_id=subject.user_id).count(),
            "ledger_details": events.filter(~Q(ip=None) | ~Q(user_agent="") | ~Q(phone="")).count(),
            "granted": ConsentState.objects.filter(user_id=subject.user_id, granted=True).count(),
            "invitations": SecurityInvitation.objects.filter(user_id=subject.user_id).count(),
        }

    def export(self, subject):
        if isinstance(subject, personal_data.Number):
            marketing = overview.number_overview(subject.phone)
            for consent in marketing["consents"]:
                consent.pop("text_id")
                consent.pop("where")  # the page's words for "source"
            return {"sms_marketing": marketing, "number_consent_history": number_subjects.history(subject.phone),
                    "pending_consents": pending.pending_of(subject.phone)}
        user_id = subject.user_id
        return {
            "marketing_number": ContactPoint.objects.filter(user_id=user_id)
            .values("phone", "confirmed_at", "via").first(),
            "consent_states": list(ConsentState.objects.filter(user_id=user_id).order_by("purpose").values(
                "purpose", "granted", "at", "source", "text__version", "text__language")),
            "consent_history": list(ConsentEvent.objects.filter(user_id=user_id).order_by("id").values(
                "purpose", "action", "created_at", "source", "text__version", "text__language", "text__sha256",
                "label", "phone", "ip", "user_agent", "details")),
            "security_invitations": list(SecurityInvitation.objects.filter(user_id=user_id)
                                         .order_by("sent_at").values("email", "sent_at")),
        }

    def erase(self, subject):
        if isinstance(subject, personal_data.Number):
            counts = number_subjects.erase(subject.phone)  # first: its withdrawals keep no number
            counts["consents_ended"] = numbers.withdraw_number(
                subject.phone, Source.PRIVACY_PORTAL, label=FORGET_LABEL, erasure=True)
            return counts
        user_id = subject.user_id
        counts = {"consents_ended": _end_grants(user_id)}
        for phone in subject.numbers:  # only the numbers no other account holds
            if not _number_subject_on_list(phone):  # a separate subject's own consent stays
                contacts.suppress(phone, reason="erasure")
        counts["consent_events"] = anonymize.anonymize_events([user_id])
        ContactPoint.objects.filter(user_id=user_id).delete()
        SecurityInvitation.objects.filter(user_id=user_id).delete()
        return counts

    def expire(self, now):
        """Ledger rows of a purpose withdrawn long enough ago lose their IP, browser and number;
        consents posted through the API and never confirmed go after PENDING_HOURS."""
        before = now - timedelta(days=365 * app_settings.ledger_details_retention_years())
        withdrawn = ConsentState.objects.filter(granted=False, at__lt=before)
        blanked = 0
        for purpose in withdrawn.values_list("purpose", flat=True).distinct():
            of_purpose = withdrawn.filter(purpose=purpose)
            detailed = ConsentEvent.objects.filter(purpose=purpose).filter(
                ~Q(ip=None) | ~Q(user_agent="") | ~Q(phone="") | Q(details__has_key="reference"))
            blanked += anonymize.anonymize(detailed.filter(
                user_id__in=of_purpose.filter(user__isnull=False).values("user_id")))
            blanked += number_subjects.anonymize_events(detailed.filter(
                number_subject_id__in=of_purpose.filter(number_subject__isnull=False).values("number_subject_id")))
        return {"ledger_details": blanked, "pending_consents": pending.expire(now)}
