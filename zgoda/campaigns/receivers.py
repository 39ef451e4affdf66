"""Campaigns forget an erased person: their recipient rows keep counts, not the number."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import receiver

from zgoda.privacy.signals import subject_erased

from .models import Recipient


@receiver(subject_erased, dispatch_uid="campaigns.forget_recipients")
def forget_recipients(sender, phones, user_ids, **kwargs):
    # Every number of the person is in `phones`, so the (indexed) number finds every row.
    rows = Recipient.objects.filter(phone__in=phones)
    rows.filter(state=Recipient.State.PENDING).update(state=Recipient.State.SKIPPED)
    # The number goes; a placeholder keeps (campaign, phone) unique and the row countable.
    blanked = rows.update(phone=Concat(Value("erased:"), Cast("id", CharField())), user=None)
    return {"campaign_recipients": blanked}
