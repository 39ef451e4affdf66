"""What check_send counts, read in the statement that finds the challenge (limits.py).

On SQLite a write transaction holds the whole database, so the challenge is read locked
together with every count the limits ask for (the account's code step lock, today's codes,
the owner's codes to the number in each window, the minute counters of everybody's and the
address's codes, the SMS app's caps on codes): one statement instead of one per limit. On
PostgreSQL the challenge is locked alone and check_send reads the rest after its locks. A
page's look ahead reads everything with the row, without a lock, wherever it runs.
"""

from datetime import datetime
from functools import lru_cache

from django.db.models import CharField, DateField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from zgoda.lib.prepared import Param, Prepared
from zgoda.lib.transactions import writes_one_at_a_time
from zgoda.sms.api import code_spend_annotations, code_spend_shape, code_spend_values

from .. import app_settings
from . import code_windows, limits
from ..models import CodeChallenge, CodeFailureStreak, DailyCodeCounter


def _with_send_state(query, phone_windows: int, ip_windows: int, spend_caps: tuple[str, ...]):
    return query.annotate(**_send_state(phone_windows, ip_windows, spend_caps))


def _send_state(phone_windows: int, ip_windows: int, spend_caps: tuple[str, ...]) -> dict:
    """The annotations with which a query that finds one challenge also reads, in that same statement, what check_send
    reads besides the challenge: whether the account's code step is locked, today's codes of
    the account, the owner's codes to the number in each of its windows, and upper bounds of
    everybody's codes in the last hour and of the client address's in each of its windows
    (their minute counters, code_windows.py); and what the SMS app's daily caps on codes count
    today (sms.api.code_spend_annotations)."""
    return dict(
        **code_spend_annotations(spend_caps),
        _locked_at=Subquery(CodeFailureStreak.objects.filter(user_id=OuterRef("user_id")).values("locked_at")[:1]),
        _codes_today=Subquery(DailyCodeCounter.objects.filter(
            subject=Concat(Value("user:"), Cast(OuterRef("user_id"), CharField())), day=Param("today", DateField()),
        ).values("count")[:1]),
        _codes_last_hour_at_most=code_windows.minutes_sum("everybody"),
        **code_windows.count_annotations("owner", limits.owner_codes(OuterRef("phone"), OuterRef("user_id")), phone_windows),
        **{f"_address_w{i}": code_windows.minutes_sum(f"address{i}") for i in range(ip_windows)},
    )


def send_state_read(row) -> dict:
    """What SendStateQuery read with `row` besides its columns (check_send's counts), by name:
    for another instance of the same challenge to carry (check_send reads it from there)."""
    names = _send_state_names(len(app_settings.phone_limits()), len(app_settings.ip_limits()), code_spend_shape())
    return {name: getattr(row, name) for name in names if hasattr(row, name)}


@lru_cache(maxsize=16)
def _send_state_names(phone_windows: int, ip_windows: int, spend_caps: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_send_state(phone_windows, ip_windows, spend_caps))


class SendStateQuery:
    """A query that finds one challenge, read locked with what check_send needs (one statement
    instead of one per limit) where a write transaction holds the whole database (SQLite);
    elsewhere (PostgreSQL) locked alone, and check_send reads the rest after its locks.
    `lock=False`: a page's look ahead (check_send's `look_ahead`), read without a lock or a
    transaction. `build()` returns the query with lib.prepared Params for its values.
    Prepared once per shape of the configured windows."""

    def __init__(self, build):
        self._build = build
        self._by_shape: dict[tuple, Prepared] = {}

    def first(self, now: datetime, ip_key: str, lock: bool = True, **values) -> CodeChallenge | None:
        phone, ip = app_settings.phone_limits(), app_settings.ip_limits()
        # A look ahead locks nothing, so it reads everything with the row wherever it runs.
        shape = (len(phone), len(ip), code_spend_shape()) if not lock or writes_one_at_a_time(CodeChallenge) else None
        if (shape, lock) not in self._by_shape:
            def build():
                query = self._build() if shape is None else _with_send_state(self._build(), *shape)
                return (query.select_for_update() if lock else query)[:1]
            self._by_shape[shape, lock] = Prepared(build)
        if shape is None:
            return self._by_shape[shape, lock].first(**values)
        network = code_windows.network_minutes(ip_key)
        return self._by_shape[shape, lock].first(
            today=timezone.localdate(now), **code_windows.since_values("owner", phone, now), **code_spend_values(now),
            **code_windows.minutes_values("everybody", code_windows.EVERYBODY, 3600, now),
            **{name: value for i, (_, seconds) in enumerate(ip)
               for name, value in code_windows.minutes_values(f"address{i}", network, seconds, now).items()},
            **values)
