"""What SMS cost, the daily spend cap on one-time codes and the country allow-list.

A message's cost is its segments times the price per segment of the provider that sent
it, to the recipient's country (option `price` of each provider). While a message waits
in the queue it carries the estimate of the first provider, so the cap counts it; a
message that is never handed to a gateway costs nothing.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.lib.phone import country_of

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


def spent(kind: str, day=None) -> Decimal:
    """What messages of `kind` queued on local `day` cost (queued ones at their estimate)."""
    start, end = _day_bounds(day or timezone.localdate())
    total = Message.objects.filter(kind=kind, created_at__gte=start, created_at__lt=end).aggregate(s=Sum("cost"))["s"]
    return total or Decimal(0)


def refusal(to: str, kind: str, segments: int = 1) -> Refusal | None:
    """Why this SMS must not be sent (country not allowed, daily cap reached), or None.

    Call inside a transaction: the spend check locks the day's row until it commits, so
    two concurrent code SMS cannot both slip under the cap."""
    country = country_of(to)
    if country not in app_settings.allowed_countries():
        return Refusal(
            "country",
            _("Nie wysyłamy SMS-ów na numery z tego kraju (%(country)s).") % {"country": country or "?"},
        )
    cap = app_settings.otp_daily_spend_cap()
    if kind != Message.Kind.OTP or cap is None:
        return None
    day = timezone.localdate()
    SpendDay.objects.get_or_create(day=day, kind=kind)
    row = SpendDay.objects.select_for_update().get(day=day, kind=kind)
    today = spent(kind, day)
    if today + estimate(country, segments) <= cap:
        return None
    _cap_reached(row, today, cap)
    return Refusal(
        "spend_cap",
        _(
            "Nie możemy teraz wysłać kodu SMS: dzisiejszy limit wydatków na SMS-y z kodami został "
            "wyczerpany. Spróbuj ponownie jutro albo skontaktuj się z obsługą sklepu."
        ),
    )


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
