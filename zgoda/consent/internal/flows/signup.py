"""Consents given on the signup form: recorded as the account is created."""

from ...models import Action, ConsentText, Source
from . import ledger


def record_signup_consents(request, user, entries) -> list:
    events = []
    for entry in entries:
        text = ConsentText.objects.get(pk=entry["text"], purpose=entry["purpose"])
        events.append(ledger.record(
            user, entry["purpose"], Action.GRANTED, text, Source.SIGNUP,
            request=request, label=entry["label"], details={"form": "signup"},
        ))
    return events
