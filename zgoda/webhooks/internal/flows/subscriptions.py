"""Creating, listing and deleting subscriptions (the admin and the REST API alike)."""

from django.utils.translation import gettext as _

from ...models import EVENT_CHOICES, Subscription
from .. import secret as secrets
from ..targets import TargetError, check_url

EVENT_TYPES = tuple(name for name, _label in EVENT_CHOICES)


class SubscriptionError(ValueError):
    """Bad input: `field` names it, `message` says why (translated)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def clean_events(events) -> list[str]:
    if isinstance(events, str) or not isinstance(events, list | tuple | set | frozenset):
        raise SubscriptionError("events", _("Podaj listę zdarzeń."))
    unknown = [str(e) for e in events if e not in EVENT_TYPES]
    if unknown:
        raise SubscriptionError("events", _("Nieznane zdarzenia: %(names)s. Dozwolone: %(allowed)s.") % {
            "names": ", ".join(unknown[:5])[:200], "allowed": ", ".join(EVENT_TYPES)})
    if not events:
        raise SubscriptionError("events", _("Wybierz co najmniej jedno zdarzenie."))
    return [name for name in EVENT_TYPES if name in set(events)]


def clean_url(url) -> str:
    if not isinstance(url, str):
        raise SubscriptionError("url", _("Podaj adres URL."))
    try:
        return check_url(url)
    except TargetError as error:
        raise SubscriptionError("url", str(error)) from None


def clean_description(description) -> str:
    description = (description or "").strip() if isinstance(description, str | type(None)) else None
    if description is None:
        raise SubscriptionError("description", _("Opis musi być tekstem."))
    if len(description) > 200:
        raise SubscriptionError("description", _("Opis może mieć najwyżej 200 znaków."))
    if "\x00" in description:
        raise SubscriptionError("description", _("Opis zawiera niedozwolony znak."))
    return description


def create(*, url, events, description="", api_key_id=None, active=True, sandbox=False) -> tuple[Subscription, str]:
    """A new subscription and its clear secret (shown once)."""
    subscription = Subscription(url=clean_url(url), events=clean_events(events),
                                description=clean_description(description), api_key_id=api_key_id,
                                active=active, sandbox=sandbox)
    secret = secrets.new_secret()
    subscription.secret_encrypted = secrets.encrypt(secret)
    subscription.save()
    return subscription, secret


def as_dict(subscription: Subscription, secret: str | None = None) -> dict:
    data = {
        "id": subscription.pk, "url": subscription.url, "events": list(subscription.events),
        "description": subscription.description, "active": subscription.active,
        "sandbox": subscription.sandbox, "created_at": subscription.created_at,
    }
    if secret is not None:
        data["secret"] = secret
    return data


def of_key(api_key_id):
    subscriptions = Subscription.objects.all()
    if api_key_id is not None:
        subscriptions = subscriptions.filter(api_key_id=api_key_id)
    return subscriptions
