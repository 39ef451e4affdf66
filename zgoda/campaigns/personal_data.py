"""The campaigns app's personal data: who a campaign went to (recipient rows with the
number and the account), and what each did with it (clicks, conversions, by recipient).

Erasure keeps the rows for the reports' counts and blanks who they were: the number goes
(a placeholder keeps (campaign, phone) unique), a pending send is skipped, and the SMS
itself is blanked by the SMS app."""

from datetime import timedelta

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from zgoda.lib import personal_data
from zgoda.sms import api as sms_api

from . import app_settings
from .models import Recipient

ERASED_PREFIX = "erased:"


def _recipients_of(subject):
    if isinstance(subject, personal_data.Number):
        return Recipient.objects.filter(phone=subject.phone)
    return Recipient.objects.filter(Q(user_id=subject.user_id) | Q(phone__in=subject.numbers or [""]))


def _placeholder():
    """What replaces a recipient's number: unique per row, so (campaign, phone) stays unique."""
    return Concat(Value(ERASED_PREFIX), Cast("id", CharField()))


@personal_data.register
class CampaignsPersonalData(personal_data.PersonalData):
    columns = {"campaigns.recipient": ("user", "phone")}
    kept = {
        "campaigns.campaign.text": "the campaign's wording, written by staff",
        "campaigns.campaign.sender": "the shop's sender name",
        "campaigns.campaign.created_by": "the staff member who created the campaign",
        "campaigns.campaign.last_error": "a dispatch error of the whole campaign (gateway, settings), no recipient",
    }

    def find(self, subject):
        return {"recipients": _recipients_of(subject).exclude(phone__startswith=ERASED_PREFIX).count()}

    def export(self, subject):
        rows = []
        for r in _recipients_of(subject).select_related("campaign").order_by("id"):
            rows.append({
                "campaign": r.campaign.name, "phone": r.phone, "state": r.state, "sent_at": r.sent_at,
                "clicks": r.clicks, "first_click_at": r.first_click_at, "converted_at": r.converted_at,
                "link_clicks": [c.at for c in r.link_clicks.order_by("at")],
                "conversions": [{"source": c.source, "at": c.at} for c in r.conversions.order_by("at")],
            })
        return {"campaigns_received": rows}

    def expire(self, now):
        before = now - timedelta(days=app_settings.recipient_retention_days())
        rows = Recipient.objects.filter(campaign__started_at__lt=before).exclude(phone__startswith=ERASED_PREFIX)
        rows.filter(state=Recipient.State.PENDING).update(state=Recipient.State.SKIPPED)
        return {"recipients": rows.update(phone=_placeholder(), user=None)}

    def erase(self, subject):
        rows = _recipients_of(subject)
        sms_api.forget_messages(list(rows.exclude(message=None).values_list("message_id", flat=True)))
        rows.filter(state=Recipient.State.PENDING).update(state=Recipient.State.SKIPPED)
        forget = {"user": None} if isinstance(subject, personal_data.Account) else {}
        blanked = rows.update(phone=_placeholder(), **forget)
        return {"recipients": blanked}
