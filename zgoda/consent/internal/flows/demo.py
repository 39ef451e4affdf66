"""Demo people in bulk: realistic Polish mobile numbers and a mix of 2FA, marketing
consents, withdrawals and 2FA turned off again, written straight into the tables.

Fast on purpose (a million people for the export benchmark): one password hash shared
by every demo account, explicit ids, and plain multi-row INSERTs in batches, one
transaction per batch. Every row is what the real flows would have written: the ledger
events in time order per person and the current state pointing at the latest of them.
"""

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone as dt_timezone

import phonenumbers
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zgoda.accounts.api import bulk_enable_twofa

from ...models import Action, ConsentEvent, ConsentState, ContactPoint, Purpose, Source, phone_hash
from . import ledger, texts

PASSWORD = "zgoda-demo-2026"
DOMAIN = "demo.zgoda.test"
PREFIX_CANDIDATES = ["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]
STEP = 7919  # a prime: (index * STEP) mod 10**6 visits every six-digit suffix once
USER_AGENTS = [
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
]


@dataclass
class Mix:
    twofa: float = 0.6  # share who turned 2FA on
    marketing: float = 0.45  # of those, share who ticked the marketing box
    withdrawn: float = 0.1  # of those, share who withdrew it later
    twofa_off: float = 0.05  # of 2FA users, share who turned 2FA off later (consent stays)
    english: float = 0.1  # share who saw the English texts
    weeks: int = 26  # accounts created over this many weeks


def mobile_prefixes() -> list[str]:
    found = []
    for two in PREFIX_CANDIDATES:
        for digit in "0123456789":
            number = phonenumbers.parse(f"+48{two}{digit}123456")
            if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
                found.append(two + digit)
    return found


def phone_for(index: int, prefixes: list[str]) -> str:
    """A distinct valid Polish mobile number for every index below len(prefixes) * 10**6."""
    p = len(prefixes)
    return f"+48{prefixes[index % p]}{(index // p * STEP) % 1_000_000:06d}"


def _max_params() -> int:
    if connection.vendor == "sqlite":
        import sqlite3

        return 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999
    return connection.features.max_query_params or 20000


def _db_datetime():
    if connection.vendor == "sqlite":
        return lambda moment: moment.isoformat(" ")
    return lambda moment: moment.replace(tzinfo=dt_timezone.utc)


class Table:
    """Rows for one model, inserted with explicit ids in multi-row INSERT statements."""

    def __init__(self, model, attnames):
        self.model, self.attnames = model, attnames
        self.next_id = (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        self.rows = []
        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(a).column) for a in ["id", *attnames])
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
        self.width = len(attnames) + 1
        self.per_statement = max(1, _max_params() // self.width)

    def add(self, *values) -> int:
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values))
        return row_id

    def flush(self, cursor):
        rows, self.rows = self.rows, []
        if not rows:
            return
        if connection.vendor == "sqlite":
            # sqlite3's own executemany: one prepared statement, no SQL rewriting per batch.
            values = "(" + ", ".join(["?"] * self.width) + ")"
            connection.connection.executemany(self.sql + values, rows)
            return
        placeholder = "(" + ", ".join(["%s"] * self.width) + ")"
        for start in range(0, len(rows), self.per_statement):
            part = rows[start:start + self.per_statement]
            cursor.execute(self.sql + ", ".join([placeholder] * len(part)), [v for row in part for v in row])


@contextmanager
def bulk_load_pragmas():
    """SQLite: a larger page cache while loading, so index pages stay in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class Loader:
    """One run of demo-data: the shared facts, the tables, and one person at a time."""

    def __init__(self, mix: Mix, seed: int, now=None):
        self.mix, self.rng = mix, random.Random(seed)
        self.now = (now or datetime.now(dt_timezone.utc)).astimezone(dt_timezone.utc).replace(tzinfo=None)
        self.span = timedelta(weeks=mix.weeks).total_seconds()
        self.when = _db_datetime()
        self.password = make_password(PASSWORD)  # hashed once, shared by every demo account
        self.details = ConsentEvent._meta.get_field("details").get_db_prep_save({}, connection)
        self.prefixes = mobile_prefixes()
        User = get_user_model()
        self.first = User.objects.filter(username__endswith=f"@{DOMAIN}").count()
        self.shown = {(p, lang): texts.current_text(p, lang) for p in Purpose.values for lang in ("pl", "en")}
        if any(t is None for t in self.shown.values()):
            raise ValueError(_("Każdy cel potrzebuje opublikowanej treści (pl i en), zanim demo-data udzieli na nią zgody."))
        self.users = Table(User, ["password", "last_login", "is_superuser", "username", "first_name",
                                  "last_name", "email", "is_staff", "is_active", "date_joined"])
        self.emails = Table(EmailAddress, ["user_id", "email", "verified", "primary"])
        self.twofas = []  # (user_id, phone, enabled at): accounts inserts them
        self.contacts = Table(ContactPoint, ["user_id", "phone", "phone_hash", "confirmed_at", "via"])
        self.events = Table(ConsentEvent, ["user_id", "purpose", "action", "text_id", "created_at", "source",
                                           "ip", "user_agent", "label", "phone", "details"])
        self.states = Table(ConsentState, ["user_id", "purpose", "event_id", "granted", "text_id", "at",
                                           "source", "dismissed_text_id"])
        self.tables = [self.users, self.emails, self.contacts, self.events, self.states]
        self.totals = {"users": 0, "twofa": 0, "marketing_valid": 0, "withdrawn": 0, "twofa_off": 0}

    def event(self, person, purpose, action, at, source, phone=""):
        """Append a ledger event; the person's state for the purpose now points at it."""
        text, at_db = self.shown[purpose, person["lang"]], self.when(at)
        event_id = self.events.add(person["id"], purpose, action, text.pk, at_db, source, person["ip"],
                                   person["agent"], text.label, phone, self.details)
        person["latest"][purpose] = (person["id"], purpose, event_id, action == Action.GRANTED, text.pk, at_db,
                                     source, None)

    def person(self, index: int) -> None:
        mix, rng, now = self.mix, self.rng, self.now
        email = f"demo{index}@{DOMAIN}"
        joined = now - timedelta(seconds=rng.random() * self.span)
        user_id = self.users.add(self.password, None, False, email, "", "", email, False, True, self.when(joined))
        self.emails.add(user_id, email, True, True)
        person = {"id": user_id, "lang": "en" if rng.random() < mix.english else "pl", "latest": {},
                  "ip": f"203.0.113.{index % 254 + 1}", "agent": USER_AGENTS[index % len(USER_AGENTS)]}
        self.event(person, Purpose.TERMS, Action.GRANTED, joined, Source.SIGNUP)
        self.event(person, Purpose.PRIVACY, Action.GRANTED, joined, Source.SIGNUP)
        self.totals["users"] += 1
        if rng.random() < mix.twofa:
            self._twofa(person, index, joined)
        for state in person["latest"].values():
            self.states.add(*state)

    def _twofa(self, person, index, joined):
        mix, rng, now = self.mix, self.rng, self.now
        phone = phone_for(index, self.prefixes)
        enrolled = joined + (now - joined) * rng.random() * 0.5
        marketing = rng.random() < mix.marketing
        withdrawn = marketing and rng.random() < mix.withdrawn
        twofa_off = rng.random() < mix.twofa_off
        withdrawn_at, off_at = (enrolled + (now - enrolled) * rng.random() for _ in range(2))
        self.event(person, Purpose.TWOFA, Action.GRANTED, enrolled, Source.TWOFA_ENROLLMENT, phone)
        if marketing:
            self.event(person, Purpose.SMS_MARKETING, Action.GRANTED, enrolled, Source.TWOFA_ENROLLMENT, phone)
        later = [(withdrawn_at, Purpose.SMS_MARKETING)] if withdrawn else []
        later += [(off_at, Purpose.TWOFA)] if twofa_off else []
        for moment, purpose in sorted(later):  # each person's events in time order
            self.event(person, purpose, Action.WITHDRAWN, moment, Source.ACCOUNT_SETTINGS, phone)
        if not twofa_off:
            self.twofas.append((person["id"], phone, enrolled.replace(tzinfo=dt_timezone.utc)))
            self.totals["twofa"] += 1
        if marketing and not withdrawn:  # the flows keep the marketing number only while the consent stands
            self.contacts.add(person["id"], phone, phone_hash(phone), self.when(enrolled), "twofa_enrollment")
        self.totals["marketing_valid"] += marketing and not withdrawn
        self.totals["withdrawn"] += withdrawn
        self.totals["twofa_off"] += twofa_off

    def flush(self):
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                table.flush(cursor)
            bulk_enable_twofa(self.twofas)
            self.twofas = []

    def reset_sequences(self):
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in self.tables]):
                cursor.execute(sql)


def create(count: int, mix: Mix | None = None, seed: int = 2026, batch: int = 20000, now=None, log=None) -> dict:
    """Create `count` demo people in batches of `batch`, one transaction each."""
    loader = Loader(mix or Mix(), seed, now)
    started = time.monotonic()
    with bulk_load_pragmas():
        for offset in range(0, count, batch):
            for index in range(loader.first + offset, loader.first + min(count, offset + batch)):
                loader.person(index)
            loader.flush()
            if log is not None:
                log(loader.totals["users"], time.monotonic() - started)
    loader.reset_sequences()
    return {**loader.totals, "seconds": round(time.monotonic() - started, 1)}


def record_named_account(user, phone: str | None) -> list[str]:
    """`make run`'s named demo accounts (shop's demo_users): the consents signing up and turning
    2FA on with `phone` record, through the ledger as those flows do, for each purpose that has
    none yet (run again, it adds nothing). Returns the purposes it recorded."""
    wanted = [(Purpose.TERMS, Source.SIGNUP, ""), (Purpose.PRIVACY, Source.SIGNUP, "")]
    if phone:
        wanted.append((Purpose.TWOFA, Source.TWOFA_ENROLLMENT, phone))
    have = set(ConsentState.objects.filter(user=user).values_list("purpose", flat=True))
    recorded = []
    for purpose, source, number in wanted:
        text = texts.current_text(purpose)
        if purpose in have or text is None:
            continue
        ledger.record(user, purpose, Action.GRANTED, text, source, label=text.label, phone=number)
        recorded.append(purpose)
    return recorded
