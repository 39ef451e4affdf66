"""What other apps call to send an SMS. The request never waits on a gateway.

Also: message kinds and statuses, the text rules (GSM-7/UCS-2, segments), the settings
other apps show, provider lookup, and bulk sending for campaigns."""

import logging
import re
import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib import crypto, plainsql
from zgoda.lib.phone import country_of
from zgoda.worker import api as worker_api

from . import app_settings, bulk, costs
from . import text as sms_text
from .app_settings import allowed_countries as allowed_countries
from .app_settings import currency as currency
from .app_settings import sender as sender
from .bulk import Pace as Pace
from .models import Message
from .personal_data import blank_messages
from .providers import get_provider as get_provider
from .providers import provider_names as provider_names
from .text import UCS2 as UCS2
from .text import TextInfo as TextInfo
from .text import analyze as analyze
from .text import fits_one_segment_gsm7 as fits_one_segment_gsm7
from .text import is_gsm7 as is_gsm7
from .text import sms_info as sms_info
from .text import transliterate as transliterate

log = logging.getLogger(__name__)
MessageKind = Message.Kind
MessageStatus = Message.Status


class SendRefused(Exception):
    """The SMS may not be sent at all (country not allowed, daily spend cap reached).

    Nothing was queued and nothing costs; `message` says why, for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def sms_refusal(to: str, kind: str, segments: int = 1, look_ahead: bool = False, spent: dict | None = None) -> str:
    """Why an SMS of `kind` to `to` would be refused now ("" when it would not), for the person.

    Call it inside the transaction that then queues the SMS: the spend check stays locked.
    `look_ahead`: a page asks whether a code would go, sending nothing: no transaction
    needed, nothing locked or written. `spent` (codes): what the caps on codes count today,
    read with the caller's own statement (code_spend_annotations, code_spend_read)."""
    refused = costs.refusal(to, kind, segments, look_ahead, known=spent)
    return refused.message if refused else ""


# What the daily caps on codes count today, for a caller that reads it in a statement of its
# own inside its write transaction where one holds the whole database (accounts' send limits):
# the shape (which caps are set), the subqueries, their values, and the sums read back.
code_spend_shape = costs.code_spend_shape
code_spend_annotations = costs.code_spend_annotations
code_spend_values = costs.code_spend_values
code_spend_read = costs.code_spend_read


def queue_sms(to: str, text: str, kind: str, tag: str = "", masked: str = "", withheld: bool = False,
              once_key: str = "", outbox_only: bool = False, refusal_checked: bool = False) -> Message:
    """Log the message as queued and hand it to the task queue.

    `masked`: for a text holding a secret (a one-time code), the same text with the secret
    masked (e.g. "*** ***"). The log keeps only `masked`; `text` rests in the database just
    until a gateway takes it (or the message fails or expires), then only the sender saw it.

    Raises SendRefused (and queues nothing) when the country is not allowed or, for a
    one-time code, the daily spend cap is reached. With the database task backend the queued
    row is the worker's task (worker.api's source, delivery.deliver_next): nothing to lose
    between the message and its task.

    `withheld`: the same checks and row, but never sent (the privacy portal's stand-in
    for a number Zgoda does not know): logged as expired, with no recipient and no cost.

    `once_key`: at most one message per key, ever (e.g. "stop:<number>:<day>"): the key, hashed
    with SECRET_KEY, becomes the message's idempotency key, so a repeat raises SendRefused
    ("repeated") and a concurrent twin fails on the unique key (IntegrityError) in any process.

    `outbox_only`: never to a gateway, whatever is configured (a REST API sandbox key): the
    text goes straight to the dev phone's outbox, logged as delivered by it, at no cost.

    `refusal_checked`: the caller's transaction, still open, asked `sms_refusal` about this
    SMS (same number, kind and segments) and holds the spend check's lock: not asked again.
    """
    from .tasks import deliver_message

    if outbox_only:
        return _to_outbox(to, text, kind, tag, masked)

    once = {"idempotency_key": once_uuid(once_key)} if once_key else {}
    if once and Message.objects.filter(**once).exists():
        raise SendRefused("repeated", _("Ta wiadomość została już wysłana."))
    info = sms_text.analyze(text)
    # A savepoint only where a caller may catch an error and go on (the once-key's unique
    # index); otherwise nothing in the block raises past its own transaction.
    with transaction.atomic(savepoint=bool(once)):
        refused = None if refusal_checked else costs.refusal(to, kind, info.segments)
        if refused is None:
            country = country_of(to)
            cost = costs.estimate(country, info.segments)
            message = plainsql.insert(Message(
                kind=kind,
                to="" if withheld else to,
                text=masked or text,
                clear_text=text if masked and not withheld else "",
                tag=tag,
                sender=app_settings.sender(),
                encoding=info.encoding,
                segments=info.segments,
                country=country,
                cost=0 if withheld else cost,
                status=MessageStatus.EXPIRED if withheld else MessageStatus.QUEUED,
                expired_at=timezone.now() if withheld else None,
                **once,
            ))
            if worker_api.takes_waiting_rows():  # the row is its own task: db_worker takes it (deliver_next)
                message.delivery_finished = False
            else:  # an in-process task backend runs it here and now
                message.delivery_finished = getattr(deliver_message.enqueue(message.pk), "is_finished", True)
    if refused is not None:  # raised after the block, so the staff alert it noted is kept
        raise SendRefused(refused.reason, refused.message)
    return message


def _to_outbox(to: str, text: str, kind: str, tag: str, masked: str) -> Message:
    from .models import OutboxEntry

    info = sms_text.analyze(text)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            kind=kind, to=to, text=masked or text, tag=tag, sender=app_settings.sender(), encoding=info.encoding,
            segments=info.segments, country=country_of(to), cost=0, provider="outbox", status=MessageStatus.DELIVERED,
            submitted_at=now, delivered_at=now,
        )  # fmt: skip
        OutboxEntry.objects.create(message=message, to=to, text=text)
    return message


def spend_left(kind: str = MessageKind.MARKETING) -> Decimal | None:
    """What SMS of `kind` may still cost today under the cap on all SMS, less the share kept
    for codes (None: no cap). Campaigns stop for the day at 0 or below."""
    return costs.spend_left(kind)


def next_spend_day():
    """When the daily spend caps start again (the next local midnight)."""
    return costs.next_day_start()


def once_uuid(once_key: str) -> uuid.UUID:
    """The idempotency key of the one message `once_key` allows (keyed: it names no number)."""
    return uuid.UUID(crypto.keyed_hash("sms-once", once_key)[:32])


def forget_messages(message_ids) -> int:
    """Blank the recipient and text of these messages (an erased person's login codes or
    campaign SMS); a queued one is never sent. Returns how many were blanked."""
    return blank_messages(Message.objects.filter(pk__in=[pk for pk in message_ids if pk is not None]))


def failure_reason(message: Message) -> str | None:
    """The message's last error if it has failed; None while it has not (without a query
    when queue_sms left its delivery to a worker)."""
    if not getattr(message, "delivery_finished", True):
        return None
    failed = Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED)
    return failed.values_list("last_error", flat=True).first()


def message_totals(message_ids) -> dict:
    """{"sent", "delivered", "failed", "cost"} of these messages (ids or a subquery of ids), one query."""
    S = MessageStatus
    totals = Message.objects.filter(pk__in=message_ids).aggregate(
        sent=Count("id", filter=Q(submitted_at__isnull=False) | Q(status=S.DELIVERED)),
        delivered=Count("id", filter=Q(status=S.DELIVERED)),
        failed=Count("id", filter=Q(status__in=[S.FAILED, S.EXPIRED])),
        cost=Sum("cost"),
    )
    return {**totals, "cost": totals["cost"] or Decimal(0)}


def segment_price(provider_name: str) -> Decimal:
    """The provider's price of one segment to the first allowed country (PL when none is
    set); 0 when the provider is unknown or misconfigured."""
    try:
        provider = get_provider(provider_name)
    except Exception:  # noqa: BLE001  (unknown or misconfigured: the caller's form says so)
        return Decimal(0)
    return provider.price_per_segment((allowed_countries() or ["PL"])[0])


# --- bulk sending, used by campaigns (the order of the calls: see bulk.py) --------------------
def bulk_message(to: str, text: str, kind: str, *, idempotency_key, tag: str = "", sender: str = "",
                 info: TextInfo | None = None, masked: str = "") -> Message:
    """An unsaved message for bulk_create_claimed(); `info` is analyze(text) when the caller has it;
    `masked` as for queue_sms()."""
    info = info or sms_text.analyze(text)
    return Message(
        kind=kind, to=to, text=masked or text, clear_text=text if masked else "", tag=tag, sender=sender,
        encoding=info.encoding, segments=info.segments, country=country_of(to), idempotency_key=idempotency_key,
    )  # fmt: skip


def bulk_create_claimed(messages: list[Message], provider) -> list[Message]:
    """INSERT the messages, claimed for `provider` (no retry worker takes them); returned with their pks."""
    return bulk.create_claimed(messages, provider)


def bulk_send(messages: list[Message], provider, pace: Pace | None = None):
    """Hand each message to `provider`, outside any transaction: (outcomes, unsent)."""
    return bulk.send(messages, provider, pace)


def bulk_record(outcomes, provider) -> None:
    """Write the outcomes of bulk_send() (inside a transaction); temporary failures are retried."""
    bulk.record(outcomes, provider)


def bulk_release(messages: list[Message]) -> None:
    """Delete the messages bulk_send() never handed to the gateway (nothing sent, nothing costs)."""
    bulk.release(messages)


def messages_by_id(message_ids) -> dict[int, Message]:
    """The existing messages of these ids, by id: their `status` says whether they went out."""
    return {m.pk: m for m in Message.objects.filter(pk__in=message_ids)}


def give_up_queued(message_ids, reason: str, at=None) -> int:
    """Fail the still-queued messages of these ids without another try (they cost nothing)."""
    return Message.objects.filter(pk__in=message_ids, status=MessageStatus.QUEUED).update(
        status=MessageStatus.FAILED, failed_at=at or timezone.now(), claimed_until=None, cost=0, last_error=reason,
        clear_text="",
    )  # fmt: skip


def can_reply_through(provider_name: str) -> bool:
    """The gateway an inbound SMS came through is configured here and can answer it."""
    if provider_name not in app_settings.providers():
        return False
    try:
        provider = get_provider(provider_name)
    except Exception:  # noqa: BLE001  (a misconfigured provider: no reply, nothing else breaks)
        log.warning("cannot answer through %s", provider_name, exc_info=True)
        return False
    return bool(getattr(provider, "supports_replies", provider.supports_inbound))


_REPLY_ADDRESS = re.compile(r"\+?[0-9]{3,15}")  # a phone number or short code, which a phone can answer


def receives_replies(provider_name: str, sender: str = "") -> bool:
    """A person can answer an SMS sent through `provider_name` (so "odpisz STOP" may be promised):
    the gateway is configured, takes inbound SMS and can answer (can_reply_through), and the
    message comes from a phone number: an alphanumeric sender name (the default) cannot be answered."""
    if not can_reply_through(provider_name):
        return False
    address = get_provider(provider_name).sends_from(sender or app_settings.sender())
    return bool(_REPLY_ADDRESS.fullmatch(address or ""))


def gateways() -> list[dict]:
    """The configured gateways in order, for the privacy notice's recipients: name, type, and
    `outside_eea` as the provider declares it (read from the class: no credentials needed)."""
    from .providers.registry import provider_class

    try:
        entries = app_settings.provider_entries()
    except ValueError:  # a malformed ZGODA_SMS_PROVIDERS: zgoda.sms.E003 says so
        return []
    found = []
    for name, kind in entries:
        try:
            outside = bool(getattr(provider_class(kind), "outside_eea", False))
        except (LookupError, ImportError):  # an unknown type: zgoda.sms.E003 says so
            continue
        found.append({"name": name, "kind": kind, "outside_eea": outside})
    return found
