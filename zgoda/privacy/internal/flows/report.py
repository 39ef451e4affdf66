"""What the portal shows a person: on the list or not, each purpose with its legal basis,
text version, dates and form, and the marketing SMS of the last 12 months."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zgoda.consent.internal.flows import ledger, texts, validity
from zgoda.consent.models import Action, ConsentEvent, Purpose, Suppression
from zgoda.sms.models import Message

LEGAL_BASIS = {
    Purpose.SMS_MARKETING: _("zgoda: RODO art. 6 ust. 1 lit. a (oraz art. 10 ustawy o świadczeniu usług drogą elektroniczną)"),
    Purpose.TERMS: _("umowa: RODO art. 6 ust. 1 lit. b (regulamin sklepu)"),
    Purpose.PRIVACY: _("obowiązek informacyjny: RODO art. 13 (zapoznanie się z polityką prywatności)"),
    Purpose.TWOFA: _("umowa: RODO art. 6 ust. 1 lit. b (bezpieczne logowanie do konta)"),
}


def masked_email(email: str) -> str:
    name, _at, domain = (email or "").partition("@")
    if not domain:
        return "***"
    return f"{name[:1]}***@{domain}"


def _purpose_rows(user) -> list[dict]:
    states = ledger.states_of(user)
    history = list(ConsentEvent.objects.filter(user=user).select_related("text").order_by("id"))
    rows = []
    for purpose, name in Purpose.choices:
        events = [e for e in history if e.purpose == purpose]
        grants = [e for e in events if e.action == Action.GRANTED]
        withdrawals = [e for e in events if e.action == Action.WITHDRAWN]
        state = states.get(purpose)
        last_grant = grants[-1] if grants else None
        rows.append({
            "purpose": purpose, "name": name, "state": state, "basis": LEGAL_BASIS.get(purpose, ""),
            "granted": bool(state and state.granted), "text": state.text if state else None,
            "superseded": bool(state and state.granted and texts.is_superseded(state.text)),
            "given_at": last_grant.created_at if last_grant else None,
            "withdrawn_at": withdrawals[-1].created_at if withdrawals and state and not state.granted else None,
            "source": last_grant.get_source_display() if last_grant else "",
            "form": (last_grant.details or {}).get("form", "") if last_grant else "",
            "events": events,
        })
    return rows


def overview(subject) -> dict:
    accounts = []
    for user in subject.users:
        accounts.append({
            "user": user, "email": masked_email(user.email), "joined": user.date_joined,
            "purposes": _purpose_rows(user), "marketing_valid": validity.marketing_valid(user),
        })
    since = timezone.now() - timedelta(days=365)
    marketing = list(
        Message.objects.filter(to__in=subject.phones or [""], kind=Message.Kind.MARKETING, created_at__gte=since)
        .order_by("-created_at").values("tag", "created_at", "status")
    )
    return {
        "accounts": accounts,
        "on_list": any(a["marketing_valid"] for a in accounts),
        "any_marketing_granted": any(
            row["granted"] for a in accounts for row in a["purposes"] if row["purpose"] == Purpose.SMS_MARKETING
        ),
        "marketing_messages": marketing,
        "suppressed": Suppression.objects.filter(phone_hash__in=subject.hashes or [""]).exists(),
    }
