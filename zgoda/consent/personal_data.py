"""The consent app's personal data: the ledger (who, when, from which IP and browser, on
which number), the current states, the marketing number, 2FA invitations.

An account's ledger rows are anonymized, not deleted: what was consented to, which
version and when stays as proof and for counts, without the number, IP or browser. A
number's data here is its marketing status; forgetting it ends every marketing consent
tied to it and suppresses it, while the accounts keep their contact number.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zgoda.lib import personal_data

from . import app_settings
from .internal.flows import anonymize, contacts, ledger, numbers, overview
from .models import Action, ConsentEvent, ConsentState, ContactPoint, SecurityInvitation, Source, phone_hash

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


@personal_data.register
class ConsentPersonalData(personal_data.PersonalData):
    columns = {
        "consent.contactpoint": ("user", "phone", "phone_hash"),
        "consent.consentevent": ("user", "ip", "user_agent", "phone", "details"),
        "consent.consentstate": ("user",),
        "consent.securityinvitation": ("user", "email"),
    }
    kept = {
        "consent.suppression.phone_hash": "a keyed hash only: an opted-out or erased number stays out of campaigns",
        "consent.exportaudit.actor": "the staff member who exported numbers (accountability, RODO art. 5(2))",
        "consent.exportaudit.filters": "the export's filters: dates, language, no person",
    }

    def numbers_of(self, user_id):
        return set(ContactPoint.objects.filter(user_id=user_id).values_list("phone", flat=True))

    def holders_of(self, phone):
        return set(ContactPoint.objects.filter(phone_hash=phone_hash(phone)).values_list("user_id", flat=True))

    def find(self, subject):
        if isinstance(subject, personal_data.Number):
            return {"marketing_consents": len(overview.granted_on_number(subject.phone))}
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
            return {"sms_marketing": marketing}
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
            ended = numbers.withdraw_number(subject.phone, Source.PRIVACY_PORTAL, label=FORGET_LABEL)
            return {"consents_ended": ended}
        user_id = subject.user_id
        counts = {"consents_ended": _end_grants(user_id)}
        for phone in subject.numbers:  # only the numbers no other account holds
            contacts.suppress(phone, reason="erasure")
        counts["consent_events"] = anonymize.anonymize_events([user_id])
        ContactPoint.objects.filter(user_id=user_id).delete()
        SecurityInvitation.objects.filter(user_id=user_id).delete()
        return counts

    def expire(self, now):
        """Ledger rows of a purpose withdrawn long enough ago lose their IP, browser and number."""
        before = now - timedelta(days=365 * app_settings.ledger_details_retention_years())
        withdrawn = ConsentState.objects.filter(granted=False, at__lt=before)
        blanked = 0
        for purpose in withdrawn.values_list("purpose", flat=True).distinct():
            events = ConsentEvent.objects.filter(
                purpose=purpose, user_id__in=withdrawn.filter(purpose=purpose).values("user_id"),
            ).filter(~Q(ip=None) | ~Q(user_agent="") | ~Q(phone=""))
            blanked += anonymize.anonymize(events)
        return {"ledger_details": blanked}
