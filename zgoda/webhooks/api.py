"""What other apps may use of webhooks: subscriptions and emitting events.

An event goes to every active subscription that asked for its type, signed per the
Standard Webhooks spec (`webhook-id`, `webhook-timestamp`, `webhook-signature`), body
`{"type", "timestamp", "data"}`, retried with back-off for 3 days; the event id (`msg_...`)
is the same on every attempt and resend. Models and `internal/` stay private."""

from .internal.flows import events as _events
from .internal.flows import subscriptions as _subscriptions

EVENT_TYPES: tuple[str, ...] = _subscriptions.EVENT_TYPES
SubscriptionError = _subscriptions.SubscriptionError


def create_subscription(*, url, events, description="", api_key_id=None, sandbox=False) -> dict:
    """A new active subscription: {"id", "url", "events", "description", "active", "sandbox",
    "created_at", "secret"}; the secret (`whsec_...`) is returned this once only.
    `sandbox`: made with a REST API test key, so no event of a real person goes to it.
    SubscriptionError (with `field` and a translated `message`) for bad input: a URL that is
    not http(s), carries a login or password, or (in production) points to a private network;
    an unknown or empty list of events."""
    subscription, secret = _subscriptions.create(url=url, events=events, description=description,
                                                 api_key_id=api_key_id, sandbox=sandbox)
    return _subscriptions.as_dict(subscription, secret)


def list_subscriptions(api_key_id=None) -> list[dict]:
    """The subscriptions (of that API key, when given), newest first, without their secrets."""
    return [_subscriptions.as_dict(s) for s in _subscriptions.of_key(api_key_id)]


def delete_subscription(subscription_id, api_key_id=None) -> bool:
    """Delete the subscription (only if it belongs to that API key, when given), with its
    pending deliveries. False when there is no such subscription."""
    try:
        subscription_id = int(subscription_id)
    except (TypeError, ValueError):
        return False
    if not 0 < subscription_id < 2**63:
        return False
    deleted, _ = _subscriptions.of_key(api_key_id).filter(pk=subscription_id).delete()
    return bool(deleted)


def emit(event_type: str, data: dict, *, event_id=None, sandbox: bool = False) -> str | None:
    """Record an event of `event_type` (one of EVENT_TYPES) with `data` and queue a delivery
    to each active subscription that wants it, in the caller's transaction (the sends start
    when it commits). Returns the event id (`msg_...`), or None when nobody subscribes.
    Sandbox subscriptions (made with a test key) get only `sandbox` events (a test key's own
    doing); every other event is about real people.

    Keep `data` to the least personal data that does the job. A phone number goes only in
    `data["phone"]` (E.164) and an account only as `data["account"]` (an opaque id), so
    erasure and retention can find and blank them."""
    return _events.emit(event_type, data, event_id=event_id, sandbox=sandbox)
