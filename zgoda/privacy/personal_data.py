"""The privacy app's personal data: opt-out links (the number each was made for) and the
requests log (contact details staff typed in, notes), plus the one-time account links."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from zgoda.consent import api as consent_api

from zgoda.lib import personal_data
from zgoda.lib.phone import written_forms

from . import app_settings
from .internal.flows import subject as subjects
from .models import AccountLink, DataSubjectRequest, OptOutToken

BATCH = 2000


def _tokens_of(subject):
    if isinstance(subject, personal_data.Number):
        return OptOutToken.objects.filter(Q(phone=subject.phone) | Q(phone_hash=consent_api.number_key(subject.phone)))
    return OptOutToken.objects.filter(Q(user_id=subject.user_id) | Q(phone__in=subject.numbers or [""])).exclude(
        phone="", user=None)


def _requests_of(subject):
    if isinstance(subject, personal_data.Number):
        return DataSubjectRequest.objects.filter(
            Q(subject_hash=subjects.hash_of(subject)) | Q(phone__in=written_forms(subject.phone)))
    return DataSubjectRequest.objects.filter(
        Q(user_id=subject.user_id) | Q(email__in=subject.emails or [""]) | Q(phone__in=subject.numbers or [""]))


@personal_data.register
class PrivacyPersonalData(personal_data.PersonalData):
    columns = {
        "privacy.optouttoken": ("user", "phone", "phone_hash"),
        "privacy.datasubjectrequest": ("user", "phone", "email", "contact", "notes"),
        "privacy.accountlink": ("user",),
    }
    kept = {
        "privacy.datasubjectrequest.result": "counts of what a request changed, no personal data",
        "privacy.purgerun.counts": "counts per retention category, no person",
    }

    def find(self, subject):
        # A number's requests hold its number; their e-mail and contact are no number's to erase.
        held = ~Q(phone="") if isinstance(subject, personal_data.Number) else ~Q(phone="") | ~Q(email="") | ~Q(contact="")
        found = {"optout_links": _tokens_of(subject).exclude(phone="").count(),
                 "requests": _requests_of(subject).filter(held).count()}
        if isinstance(subject, personal_data.Account):
            found["account_links"] = AccountLink.objects.filter(user_id=subject.user_id).count()
        return found

    def export(self, subject):
        return {
            "optout_links": list(_tokens_of(subject).order_by("created_at").values("source", "created_at", "used_at")),
            "privacy_requests": list(_requests_of(subject).order_by("received_at").values(
                "kind", "channel", "status", "received_at", "deadline", "completed_at")),
        }

    def erase(self, subject):
        forget = {"user": None} if isinstance(subject, personal_data.Account) else {}
        counts = {"optout_links": _tokens_of(subject).update(phone="", erased_at=timezone.now(), **forget)}
        if isinstance(subject, personal_data.Account):
            counts["account_links"], _ = AccountLink.objects.filter(user_id=subject.user_id).delete()
            words = [*subject.emails, *(f for n in subject.numbers for f in written_forms(n))]
        else:
            words = written_forms(subject.phone)
        for dsr in _requests_of(subject):
            notes, contact = dsr.notes, dsr.contact
            for word in sorted(words, key=len, reverse=True):
                notes, contact = notes.replace(word, personal_data.ERASED), contact.replace(word, personal_data.ERASED)
            if isinstance(subject, personal_data.Account):
                dsr.email = contact = ""
            dsr.phone, dsr.contact, dsr.notes = "", contact, notes
            dsr.save(update_fields=["phone", "email", "contact", "notes"])
        return counts

    def expire(self, now):
        """Old opt-out links keep only the number's keyed hash (they still withdraw); used or
        expired account links go."""
        before = now - timedelta(days=app_settings.optout_number_retention_days())
        hashed = 0
        while True:
            tokens = list(OptOutToken.objects.filter(created_at__lt=before).exclude(phone="")[:BATCH])
            if not tokens:
                break
            for token in tokens:
                token.phone_hash, token.phone = consent_api.number_key(token.phone), ""
            hashed += OptOutToken.objects.bulk_update(tokens, ["phone", "phone_hash"])
        links_before = now - timedelta(hours=app_settings.account_link_hours())
        links, _ = AccountLink.objects.filter(created_at__lt=links_before).delete()
        return {"optout_numbers": hashed, "account_links": links}
