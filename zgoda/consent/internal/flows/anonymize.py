"""The one sanctioned exception to the append-only ledger: erasure of personal data
(RODO art. 17) and retention (art. 5(1)(e)), called only through consent's personal_data.py.

The personal columns of a person's ledger rows (IP address, browser, phone number) are
blanked in place; what was consented to, which version, when and how stays, so counts
and the proof that a consent existed survive without saying whose it was. Every other
change or deletion of ledger rows is still refused by the model layer.
"""

from django.db import models

from ...models import ConsentEvent

PERSONAL_COLUMNS = {"ip": None, "user_agent": "", "phone": ""}


def anonymize_events(user_ids) -> int:
    """Blank the personal columns of every ledger row of these accounts; returns the count."""
    return anonymize(ConsentEvent.objects.filter(user_id__in=list(user_ids)))


def anonymize(events, **also) -> int:
    """Blank the personal columns of these ledger rows (a queryset), and set `also` (e.g. the
    details without a shop's customer reference); returns the count."""
    # QuerySet.update of Django itself, past AppendOnlyQuerySet.update's refusal.
    return models.QuerySet.update(events, **PERSONAL_COLUMNS, **also)
