"""Counting a kind of code in its time windows for the limits policy (limits.py): when the
first full window frees up. The kinds a login checks are counted by lib.prepared queries.

Everybody's codes in the last hour and a client network's codes in its windows would mean
counting thousands of codes on every send (a busy address, a shop's whole traffic): each
code also adds one to its minute's counters (DailyCodeCounter "minute:..." subjects, in the
upsert that numbers it), and a window's minutes added up are an upper bound of its codes
(the oldest minute may hold codes from just before the window). Only a window that bound
says is full has its codes read exactly."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import CharField, Count, DateTimeField, IntegerField, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zgoda.lib import crypto
from zgoda.lib.prepared import Param, Prepared
from zgoda.lib.ratelimit import window_frees_at

from ..models import DailyCodeCounter

EVERYBODY = "minute:all:"  # the minute counters of every real (not sandbox) code


def network_minutes(ip_key: str) -> str:
    """The prefix of a client network's minute counters (a keyed hash: no address kept)."""
    return "minute:net:" + crypto.identifier_hash("code-network", ip_key)[:32] + ":"


def _minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M")


def minute_counters(now: datetime, ip_key: str, real: bool) -> tuple[str, ...]:
    """The minute counters a code sent now adds one to: everybody's (a real code) and its network's."""
    prefixes = ((EVERYBODY,) if real else ()) + ((network_minutes(ip_key),) if ip_key else ())
    return tuple(prefix + _minute(now) for prefix in prefixes)


def minutes_sum(name: str) -> Coalesce:
    """What the minute counters between the Params `{name}_from` and `{name}_to` add up to, as a
    subquery of another statement (minutes_values gives the Params' values)."""
    minutes = DailyCodeCounter.objects.filter(
        subject__gte=Param(f"{name}_from", CharField()), subject__lte=Param(f"{name}_to", CharField()))
    return Coalesce(Subquery(minutes.order_by().values(_all=Value(1)).annotate(s=Sum("count")).values("s")), 0)


def minutes_values(name: str, prefix: str, seconds: int, now: datetime) -> dict:
    """minutes_sum's values for the window of `seconds` up to `now`: from its first minute on."""
    return {f"{name}_from": prefix + _minute(now - timedelta(seconds=seconds)), f"{name}_to": prefix + _minute(now)}


@dataclass(frozen=True)
class CodesOf:
    """Codes of one kind (e.g. an owner's to a number, an address's) counted by a prepared query:
    `build(**values)` is the query, with lib.prepared Params in place of the values the first time."""
    kind: str
    build: Callable[..., QuerySet]
    fields: dict  # value name -> its model field
    values: dict

    def query(self) -> QuerySet:
        return self.build(**self.values)


_counting: dict[tuple, Prepared] = {}


class CountOf(Subquery):
    """The rows of a query, counted as a subquery of another statement."""
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()


def count_annotations(name: str, codes: QuerySet, windows: int) -> dict:
    """Annotations that count `codes` in each of `windows` windows within another statement
    (send_state.SendStateQuery): `_{name}_w{i}`, each from the Param `{name}_since{i}`, the
    window of limits[i] (since_values gives the values; counts_read reads the counts back)."""
    return {
        f"_{name}_w{i}": CountOf(codes.filter(created_at__gt=Param(f"{name}_since{i}", DateTimeField())).order_by().values("pk"))
        for i in range(windows)
    }


def since_values(name: str, limits, now) -> dict:
    return {f"{name}_since{i}": now - timedelta(seconds=seconds) for i, (_, seconds) in enumerate(limits)}


def counts_read(row, name: str, windows: int) -> list[int] | None:
    """The counts count_annotations read with `row`, or None when it was read without them."""
    names = [f"_{name}_w{i}" for i in range(windows)]
    return [getattr(row, n) for n in names] if all(hasattr(row, n) for n in names) else None


def _window_counts(codes: CodesOf, windows: int) -> Prepared:
    """The codes in each of `windows` windows (w0, w1...: Params "since0"...; w0 the longest,
    which the WHERE alone bounds), counted in one statement."""
    key = (codes.kind, windows)
    if key not in _counting:
        def build():
            query = codes.build(**{name: Param(name, field) for name, field in codes.fields.items()})
            return query.filter(created_at__gt=Param("since0", DateTimeField())).order_by().values(_all=Value(1)).annotate(
                w0=Count("pk"),
                **{f"w{i}": Count("pk", filter=Q(created_at__gt=Param(f"since{i}", DateTimeField()))) for i in range(1, windows)},
            ).values(*(f"w{i}" for i in range(windows)))
        _counting[key] = Prepared(build)
    return _counting[key]


def frees_at(codes: QuerySet | CodesOf, limits, now, counts: list[int] | None = None) -> datetime | None:
    """When all of `limits` ((count, seconds) each) allow a code again, None when none is full.

    One statement counts every window in SQL: a busy address (a shop's office, a mobile
    network's shared address) has thousands of codes in its hour, and only their counts
    need to travel. A full window then reads the one time it frees at: when the count-th
    newest code in it leaves. The login's own kinds of codes (CodesOf) are counted by a
    prepared query; a query (the REST API's kinds, found through the challenge's JSON
    payload, which a bound value cannot stand in for on PostgreSQL) by the ORM's. `counts`: the
    windows' counts, or upper bounds of them (minutes_sum), when another statement read them
    already (counts_read)."""
    if not limits:
        return None
    if counts is not None:
        return _all_free_at(codes, limits, now, dict(enumerate(counts)))
    longest_first = sorted(range(len(limits)), key=lambda i: -limits[i][1])  # w0 counts limits[longest_first[0]]
    since = {f"since{w}": now - timedelta(seconds=limits[i][1]) for w, i in enumerate(longest_first)}
    if isinstance(codes, CodesOf):
        found = _window_counts(codes, len(limits)).first(**since, **codes.values)
    else:
        found = codes.filter(created_at__gt=since["since0"]).aggregate(**{
            f"w{w}": Count("pk", filter=Q(created_at__gt=since[f"since{w}"])) for w in range(len(limits))
        })
    return _all_free_at(codes, limits, now, {i: found[f"w{w}"] for w, i in enumerate(longest_first)})


def _all_free_at(codes: QuerySet | CodesOf, limits, now, counts: dict[int, int]) -> datetime | None:
    """When every window whose codes reach its limit has freed up (the latest of their times: a
    short window freeing first does not let a code go while a longer one is still full);
    `counts` may be upper bounds: a window they call full is read exactly."""
    latest = None
    for i, (count, seconds) in enumerate(limits):
        if counts[i] >= count:
            codes = codes.query() if isinstance(codes, CodesOf) else codes
            window = timedelta(seconds=seconds)
            in_window = codes.filter(created_at__gt=now - window).order_by("-created_at")
            frees = window_frees_at(list(in_window.values_list("created_at", flat=True)[:count]), count, window)
            if frees is not None and (latest is None or frees > latest):
                latest = frees
    return latest
