"""A campaign's figures: audience to conversions, cost, clicks over time; per-recipient CSV."""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.functions import TruncHour
from django.utils import timezone

from zgoda.consent import api as consent
from zgoda.lib.phone import masked
from zgoda.privacy import api as privacy
from zgoda.sms import api as sms

from ... import app_settings
from ...models import Campaign, Conversion, LinkClick, Recipient

R = Recipient.State


@dataclass
class Figures:
    audience: int
    sent: int
    delivered: int
    failed: int
    skipped: int
    uncertain: int
    pending: int
    unique_clicks: int
    total_clicks: int
    optouts: int
    conversions: int
    cost: Decimal

    @property
    def delivery_rate(self) -> float:
        return self.delivered / self.sent if self.sent else 0.0

    @property
    def ctr(self) -> float:
        return self.unique_clicks / self.delivered if self.delivered else 0.0


def _optout_q(days: int):
    """Recipients who opted out by their link or by STOP within `days` of their SMS."""
    sent, until = OuterRef("sent_at"), OuterRef("sent_at") + timedelta(days=days)
    by_link = privacy.used_optout_tokens(OuterRef("optout_token"), sent, until)
    by_stop = consent.stop_reply_withdrawals(OuterRef("user_id"), sent, until)
    return Exists(by_link) | Exists(by_stop)


def figures(campaign: Campaign) -> Figures:
    rows = Recipient.objects.filter(campaign=campaign)
    states = dict(rows.values_list("state").annotate(n=Count("id")).order_by())
    by_status = sms.message_totals(rows.filter(message__isnull=False).values("message_id"))
    clicks = rows.aggregate(unique=Count("id", filter=Q(first_click_at__isnull=False)), total=Sum("clicks"),
                            converted=Count("id", filter=Q(converted_at__isnull=False)))
    optouts = rows.filter(sent_at__isnull=False).filter(_optout_q(app_settings.report_optout_days())).count()
    return Figures(
        audience=campaign.audience_size or sum(states.values()), sent=by_status["sent"],
        delivered=by_status["delivered"], failed=by_status["failed"],
        skipped=states.get(R.SKIPPED, 0), uncertain=states.get(R.UNCERTAIN, 0),
        pending=states.get(R.PENDING, 0) + states.get(R.SENDING, 0), unique_clicks=clicks["unique"],
        total_clicks=clicks["total"] or 0, optouts=optouts,
        conversions=Conversion.objects.filter(campaign=campaign).count(), cost=by_status["cost"],
    )  # fmt: skip


def with_list_figures(campaigns):
    """The campaign list's columns in one query: recipients, sent, delivered, unique clicks, opt-outs
    (the same definitions as figures())."""
    S = sms.MessageStatus
    optouts = (
        Recipient.objects.filter(campaign=OuterRef("pk"), sent_at__isnull=False)
        .filter(_optout_q(app_settings.report_optout_days())).order_by().values("campaign")
        .annotate(n=Count("id")).values("n")
    )  # fmt: skip
    return campaigns.annotate(
        n_recipients=Count("recipients"),
        n_sent=Count("recipients", filter=Q(recipients__message__submitted_at__isnull=False)
                     | Q(recipients__message__status=S.DELIVERED)),
        n_delivered=Count("recipients", filter=Q(recipients__message__status=S.DELIVERED)),
        n_clicks=Count("recipients", filter=Q(recipients__first_click_at__isnull=False)),
        n_optouts=Coalesce(Subquery(optouts, output_field=IntegerField()), Value(0)),
    )  # fmt: skip


def clicks_per_hour(campaign: Campaign) -> list[tuple]:
    """[(local hour start, clicks)] from the first click hour to the last, gaps as zeros."""
    rows = (
        LinkClick.objects.filter(campaign=campaign).annotate(hour=TruncHour("at")).values("hour")
        .annotate(n=Count("id")).order_by("hour")
    )  # fmt: skip
    counts = {timezone.localtime(r["hour"]): r["n"] for r in rows}
    if not counts:
        return []
    hours, hour = [], min(counts)
    while hour <= max(counts) and len(hours) < 24 * 31:
        hours.append((hour, counts.get(hour, 0)))
        hour += timedelta(hours=1)
    return hours


CSV_HEADER = ["phone", "state", "message_status", "sent_at", "delivered_at", "clicks", "first_click_at",
              "converted_at", "cost"]  # fmt: skip


def csv_rows(campaign: Campaign, full_numbers: bool, chunk: int = 2000):
    """The per-recipient results as CSV text chunks; numbers masked unless `full_numbers`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    yield out.getvalue()
    rows = (
        Recipient.objects.filter(campaign=campaign).order_by("id")
        .values_list("phone", "state", "message__status", "sent_at", "message__delivered_at", "clicks",
                     "first_click_at", "converted_at", "message__cost")
    )  # fmt: skip
    batch = []
    for phone, state, status, sent, delivered, clicks, first, converted, cost in rows.iterator(chunk_size=chunk):
        batch.append([phone if full_numbers else masked(phone), state, status or "", _iso(sent), _iso(delivered),
                      clicks, _iso(first), _iso(converted), cost if cost is not None else ""])
        if len(batch) >= chunk:
            yield _lines(batch)
            batch = []
    if batch:
        yield _lines(batch)


def _iso(moment) -> str:
    return moment.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds") if moment else ""


def _lines(batch) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(batch)
    return out.getvalue()
