"""What SMS cost, the daily spend caps and the country allow-list.

A message's cost is its segments times the price per segment of the provider that sent
it, to the recipient's country (option `price` of each provider). While a message waits
in the queue it carries the estimate of the first provider, so the cap counts it; a
message that is never handed to a gateway costs nothing.

Two caps a local day: code SMS alone (`ZGODA_SMS_OTP_DAILY_SPEND_CAP`), and, when set,
all SMS together (`ZGODA_SMS_DAILY_SPEND_CAP`), of which a reserved share only codes
may use: service SMS and campaigns stop at the rest (`spend_left`), codes at the whole.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import CharField, DateField, DateTimeField, Subquery, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib.phone import country_of
from zgoda.lib.prepared import Param, Prepared
from zgoda.lib.transactions import writes_one_at_a_time

from . import app_settings
from .models import Message, SpendDay


@dataclass
class Refusal:
    reason: str  # "country" or "spend_cap"
    message: str  # for the person, in their language


def cost_of(provider, message) -> Decimal:
    return provider.price_per_segment(message.country or country_of(message.to)) * message.segments


def estimate(country: str, segments: int) -> Decimal:
    """The cost if the first configured provider sends it."""
    from .providers.registry import configured_providers

    try:
        providers = configured_providers()
    except Exception:  # noqa: BLE001 - a misconfigured provider fails the send later, with its own error
        return Decimal(0)
    return providers[0].price_per_segment(country) * segments if providers else Decimal(0)


def _day_bounds(day):
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


ALL = "all"  # the SpendDay row that serialises the check against the cap on all SMS


def spent(kind: str | None, day=None, exclude: str | None = None) -> Decimal:
    """What messages of `kind` (None: every kind but `exclude`) queued on local `day` cost
    (queued ones at their estimate)."""
    start, end = _day_bounds(day or timezone.localdate())
    messages = Message.objects.filter(created_at__gte=start, created_at__lt=end)
    if kind is not None:
        messages = messages.filter(kind=kind)
    elif exclude is not None:
        messages = messages.exclude(kind=exclude)
    total = messages.aggregate(s=Sum("cost"))["s"]
    return total or Decimal(0)


def non_code_allowance() -> Decimal | None:
    """What service SMS and campaigns together may cost a day: the cap on all SMS less the
    share reserved for codes; None without that cap."""
    cap = app_settings.daily_spend_cap()
    if cap is None:
        return None
    return cap * (1 - app_settings.otp_reserved_share())


def spend_left(kind: str = Message.Kind.MARKETING) -> Decimal | None:
    """What SMS of `kind` may still cost today (None: no cap applies). Campaigns check it
    before each chunk, so a chunk may go past it by at most its own cost."""
    if kind == Message.Kind.OTP:
        return None
    allowance = non_code_allowance()
    if allowance is None:
        return None
    day = timezone.localdate()
    return min(allowance - spent(None, day, exclude=Message.Kind.OTP), app_settings.daily_spend_cap() - spent(None, day))


def next_day_start():
    """The start of the next local day, when the daily caps start again."""
    return _day_bounds(timezone.localdate())[1]


def refusal(to: str, kind: str, segments: int = 1, look_ahead: bool = False, known: dict | None = None) -> Refusal | None:
    """Why this SMS must not be sent (country not allowed, a daily cap reached), or None.

    Call inside a transaction: the spend check locks the day's row until it commits, so
    two concurrent SMS cannot both slip under the cap. `look_ahead` (a code's only): asked
    for a page, not before a send: read without locks, nothing written, nobody alerted."""
    country = country_of(to)
    if country not in app_settings.allowed_countries():
        return Refusal(
            "country",
            _("Nie wysyłamy SMS-ów na numery z tego kraju (%(country)s).") % {"country": country or "?"},
        )
    if kind == Message.Kind.OTP:
        return _code_refusal(country, segments, look_ahead, known)
    allowance = non_code_allowance()
    if allowance is None:
        return None
    day = timezone.localdate()
    _lock(day, ALL)
    cost = estimate(country, segments)
    within_share = spent(None, day, exclude=Message.Kind.OTP) + cost <= allowance
    if within_share and spent(None, day) + cost <= app_settings.daily_spend_cap():
        return None
    return Refusal("spend_cap", _("Dzisiejszy limit wydatków na SMS-y został wyczerpany."))


def _lock(day, kind) -> SpendDay:
    """The day's row, locked until the transaction ends; made by the day's first SMS."""
    row = SpendDay.objects.select_for_update().filter(day=day, kind=kind).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return SpendDay.objects.create(day=day, kind=kind)  # a row this transaction wrote stays locked by it
    except IntegrityError:  # another transaction made it a moment ago: wait for its lock
        return SpendDay.objects.select_for_update().get(day=day, kind=kind)


def _spent_in(messages, start="start", end="end"):
    """What `messages` (of one local day, Params `start` and `end`) cost, as a subquery."""
    day = messages.filter(created_at__gte=Param(start, DateTimeField()), created_at__lt=Param(end, DateTimeField()))
    return Subquery(day.order_by().values(_all=Value(1)).annotate(s=Sum("cost")).values("s"))


def _code_caps() -> list[tuple[str, Decimal]]:
    """The daily caps a code is checked against (the one on codes, the one on all SMS), set ones only."""
    caps = [(Message.Kind.OTP, app_settings.otp_daily_spend_cap()), (ALL, app_settings.daily_spend_cap())]
    return [(kind, cap) for kind, cap in caps if cap is not None]


def _counted_by(kind: str):
    return Message.objects.filter(kind=Message.Kind.OTP) if kind == Message.Kind.OTP else Message.objects.all()


def code_spend_shape() -> tuple[str, ...]:
    """Which caps on codes are set: what code_spend_annotations reads."""
    return tuple(kind for kind, _cap in _code_caps())


def code_spend_annotations(shape: tuple[str, ...]) -> dict:
    """What today's SMS counted by each cap in `shape` cost, as subqueries (Params of
    code_spend_values), for a caller that reads them in its own statement inside its write
    transaction; it passes them back to refusal as `spent` (code_spend_read)."""
    return {f"_spent_{kind}": _spent_in(_counted_by(kind), "spend_start", "spend_end") for kind in shape}


def code_spend_values(now) -> dict:
    start, end = _day_bounds(timezone.localdate(now))
    return {"spend_start": start, "spend_end": end}


def code_spend_read(row) -> dict[str, Decimal] | None:
    """The sums code_spend_annotations read with `row`, by cap; None when it read none."""
    read = {kind: getattr(row, f"_spent_{kind}") for kind, _cap in _code_caps() if hasattr(row, f"_spent_{kind}")}
    return read or None


def _locked_with_spent(kind: str) -> Prepared:
    """The day's row of a cap on codes, locked, with what the messages it counts cost that day."""
    return Prepared(lambda: SpendDay.objects.filter(day=Param("day", DateField()), kind=Param("kind", CharField()))
                    .annotate(spent=_spent_in(_counted_by(kind))).order_by("pk").select_for_update()[:1])


# Per cap on codes: the day's row of the cap and what it counts, read in one statement.
_CODE_CAPS = {kind: _locked_with_spent(kind) for kind in (Message.Kind.OTP, ALL)}


def _code_refusal(country: str, segments: int, look_ahead: bool = False, known: dict | None = None) -> Refusal | None:
    """`known`: what each cap counts today, read by the caller in its write transaction
    (code_spend_read; where a write transaction holds the whole database): not read again."""
    day = timezone.localdate()
    start, end = _day_bounds(day)
    for kind, cap in _code_caps():
        kind_spent = Message.Kind.OTP if kind == Message.Kind.OTP else None
        if known is not None and kind in known:
            row, today = None, known[kind] or Decimal(0)
        elif look_ahead:
            row, today = None, spent(kind_spent, day)
        else:
            # Where a write transaction holds the whole database the lock and the sum share one
            # statement; elsewhere the sum is read after the lock (lib.transactions).
            row = _CODE_CAPS[kind].first(day=day, kind=kind, start=start, end=end) if writes_one_at_a_time(SpendDay) else None
            if row is None:  # (or the day's first code: the row is made, locked by this transaction)
                row = _lock(day, kind)
                row.spent = spent(kind_spent, day)
            today = row.spent or Decimal(0)
        if today + estimate(country, segments) <= cap:
            continue
        if not look_ahead:
            _cap_reached(row or _lock(day, kind), today, cap)
        return Refusal(
            "spend_cap",
            _(
                "Nie możemy teraz wysłać kodu SMS: dzisiejszy limit wydatków na SMS-y z kodami został "
                "wyczerpany. Spróbuj ponownie jutro albo skontaktuj się z obsługą sklepu."
            ),
        )
    return None


def _cap_reached(row: SpendDay, today: Decimal, cap: Decimal) -> None:
    """Note the day the cap was reached and tell staff, once a day."""
    now = timezone.now()
    if row.cap_reached_at is None:
        row.cap_reached_at = now
    if row.staff_alerted_at is None:
        from .tasks import alert_staff_spend_cap

        row.staff_alerted_at = now
        spent_text, cap_text = f"{today:.2f}", f"{cap:.2f}"
        transaction.on_commit(
            lambda: alert_staff_spend_cap.enqueue(row.day.isoformat(), spent_text, cap_text), robust=True
        )
    row.save(update_fields=["cap_reached_at", "staff_alerted_at"])
