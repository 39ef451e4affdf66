"""The suppression feed: marketing withdrawals from the ledger and suppression entries, in
the order they happened, paged by an opaque cursor, so an external SMS tool stays in sync.

A number in clear only where passing it on is lawful: the holder withdrew marketing
consent or replied STOP, and the shop's own tools must honour that objection (RODO art. 21(3),
art. 7(3)), so they need the number they hold. Never for an erasure (the number is to be
forgotten: only its keyed hash), never once the ledger row was anonymized (erasure or
retention), and never for suppression entries, which keep only the keyed hash.

Rows are listed only once SETTLE old: a row's time is set when it is written, not when its
transaction commits, so a younger row could be paged (and the cursor moved past) while an
older one was still uncommitted and would never be listed.
"""

from datetime import timedelta

from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zgoda.sms.signals import UNREACHABLE_REASONS

from ...models import Action, ConsentEvent, Purpose, Source, Suppression, phone_hash
from .pending import ConsentInputError

SALT = "zgoda.consent.suppression-feed"
EVENT, ENTRY = 0, 1  # at the same moment, ledger events come before suppression entries
MAX_LIMIT = 1000
SETTLE = timedelta(seconds=30)  # far longer than any of our transactions


def _encode(at, tag: int, pk: int) -> str:
    return signing.dumps([at.isoformat(), tag, pk], salt=SALT, compress=True)


def _decode(cursor: str):
    try:
        at_text, tag, pk = signing.loads(str(cursor), salt=SALT)
        at = parse_datetime(at_text)
        if at is None or tag not in (EVENT, ENTRY) or not isinstance(pk, int):
            raise ValueError(cursor)
    except (signing.BadSignature, ValueError, TypeError):
        raise ConsentInputError("cursor", _("Nieprawidłowy kursor: użyj next_cursor z poprzedniej odpowiedzi "
                                            "albo zacznij bez kursora.")) from None
    return at, tag, pk


def _after(position, tag: int) -> Q:
    """Rows of kind `tag` after the position (time, kind, id)."""
    if position is None:
        return Q()
    at, cur_tag, pk = position
    same_moment = Q(created_at=at, pk__gt=pk) if tag == cur_tag else Q(created_at=at) if tag > cur_tag else Q(pk__in=[])
    return Q(created_at__gt=at) | same_moment


def _event_item(event) -> dict:
    erased = (event.details or {}).get("reason") == "erasure"
    kind = "erasure" if erased else "stop" if event.source == Source.SMS_REPLY else "withdrawal"
    return {"id": f"w{event.pk}", "kind": kind, "at": event.created_at, "purpose": event.purpose,
            "phone_hash": phone_hash(event.phone), "phone": None if erased else event.phone}


def _entry_kind(reason: str) -> str:
    if reason == "erasure":
        return "erasure"
    if reason in UNREACHABLE_REASONS:
        return "unreachable"
    return "stop" if reason == Source.SMS_REPLY else "withdrawal"


def _entry_item(entry) -> dict:
    return {"id": f"s{entry.pk}", "kind": _entry_kind(entry.reason), "at": entry.created_at,
            "purpose": Purpose.SMS_MARKETING.value, "phone_hash": entry.phone_hash, "phone": None}


def page(cursor: str | None, limit: int = 500) -> dict:
    """Up to `limit` items after `cursor`: withdrawals from the ledger that still name a number
    (an anonymized row has nothing to suppress), and every suppression entry."""
    position = _decode(cursor) if cursor not in (None, "") else None
    try:
        limit = max(1, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        raise ConsentInputError("limit", _("Limit musi być liczbą od 1 do %(n)d.") % {"n": MAX_LIMIT}) from None
    settled = timezone.now() - SETTLE
    events = list(ConsentEvent.objects.filter(
        _after(position, EVENT), purpose=Purpose.SMS_MARKETING, action=Action.WITHDRAWN, created_at__lte=settled,
    ).exclude(phone="").order_by("created_at", "pk")
        .only("pk", "created_at", "purpose", "source", "phone", "details")[:limit])
    entries = list(Suppression.objects.filter(_after(position, ENTRY), created_at__lte=settled)
                   .order_by("created_at", "pk")[:limit])
    merged = sorted([((e.created_at, EVENT, e.pk), e) for e in events] + [((s.created_at, ENTRY, s.pk), s) for s in entries],
                    key=lambda pair: pair[0])[:limit]
    items = [_event_item(row) if tag == EVENT else _entry_item(row) for (_at, tag, _pk), row in merged]
    last = merged[-1][0] if merged else None
    return {"items": items, "next_cursor": _encode(*last) if last else (cursor or None)}
