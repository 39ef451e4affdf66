"""Signals the campaigns app sends."""

from django.db.models import Count
from django.dispatch import Signal

# Sent once, after the campaign moved to "done" (every recipient settled; dispatch.finish()).
# kwargs: campaign_id, name, finished_at (datetime), counts ({recipient state: how many} for
# every state, e.g. {"sent": 120, "skipped": 3, "failed": 1, ...}, plus "total").
campaign_finished = Signal()


def announce_finished(campaign_id: int, at) -> None:
    from .models import Campaign, Recipient

    rows = Recipient.objects.filter(campaign_id=campaign_id).order_by().values_list("state").annotate(n=Count("id"))
    found = dict(rows)
    counts = {state: found.get(state, 0) for state in Recipient.State.values} | {"total": sum(found.values())}
    name = Campaign.objects.filter(pk=campaign_id).values_list("name", flat=True).first() or ""
    campaign_finished.send(sender=Campaign, campaign_id=campaign_id, name=name, finished_at=at, counts=counts)
