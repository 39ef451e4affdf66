"""Demo people in bulk: realistic Polish mobile numbers and a mix of 2FA, marketing
consents, withdrawals and 2FA turned off again, written straight into the tables.

Fast on purpose (a million people for the export benchmark): one password hash shared
by every demo account, explicit ids, and plain multi-row INSERTs in batches, one
transaction per batch. Every row is what the real flows would have written: the ledger
events in time order per person and the current state pointing at the latest of them.
"""

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone as dt_timezone

import phonenumbers
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from zgoda.accounts.models import SmsTwoFactor

from ...models import Action, ConsentEvent, ConsentState, ContactPoint, Purpose, Source, phone_hash
from . import texts

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
        placeholder = "(" + ", ".join(["%s"] * self.width) + ")"
        rows, self.rows = self.rows, []
        for start in range(0, len(rows), self.per_statement):
            part = rows[start:start + self.per_statement]
            cursor.execute(self.sql + ", ".join([placeholder] * len(part)), [v for row in part for v in row])


def create(count: int, mix: Mix | None = None, seed: int = 2026, batch: int = 20000, now=None, log=None) -> dict:
    mix = mix or Mix()
    rng = random.Random(seed)
    now = (now or datetime.now(dt_timezone.utc)).astimezone(dt_timezone.utc).replace(tzinfo=None)
    span = timedelta(weeks=mix.weeks).total_seconds()
    when = _db_datetime()
    User = get_user_model()
    password = make_password(PASSWORD)
    details = ConsentEvent._meta.get_field("details").get_db_prep_save({}, connection)
    prefixes = mobile_prefixes()
    first = User.objects.filter(username__endswith=f"@{DOMAIN}").count()
    shown = {(p, lang): texts.current_text(p, lang) for p in Purpose.values for lang in ("pl", "en")}
    if any(t is None for t in shown.values()):
        raise ValueError("every purpose needs a published text before demo data can consent to it")

    users = Table(User, ["password", "last_login", "is_superuser", "username", "first_name", "last_name",
                         "email", "is_staff", "is_active", "date_joined"])
    emails = Table(EmailAddress, ["user_id", "email", "verified", "primary"])
    twofas = Table(SmsTwoFactor, ["user_id", "phone", "enabled_at", "phone_confirmed_at"])
    contacts = Table(ContactPoint, ["user_id", "phone", "phone_hash", "confirmed_at", "via"])
    events = Table(ConsentEvent, ["user_id", "purpose", "action", "text_id", "created_at", "source", "ip",
                                  "user_agent", "label", "phone", "details"])
    states = Table(ConsentState, ["user_id", "purpose", "event_id", "granted", "text_id", "at", "source",
                                  "dismissed_text_id"])
    tables = [users, emails, twofas, contacts, events, states]
    totals = {"users": 0, "twofa": 0, "marketing_valid": 0, "withdrawn": 0, "twofa_off": 0}
    started = time.monotonic()

    def event(user_id, purpose, action, text, at, source, phone, ip, agent):
        at_db = when(at)
        event_id = events.add(user_id, purpose, action, text.pk, at_db, source, ip, agent, text.label, phone, details)
        return (user_id, purpose, event_id, action == Action.GRANTED, text.pk, at_db, source, None)

    for offset in range(0, count, batch):
        for index in range(first + offset, first + min(count, offset + batch)):
            email = f"demo{index}@{DOMAIN}"
            joined = now - timedelta(seconds=rng.random() * span)
            lang = "en" if rng.random() < mix.english else "pl"
            ip = f"203.0.113.{index % 254 + 1}"
            agent = USER_AGENTS[index % len(USER_AGENTS)]
            user_id = users.add(password, None, False, email, "", "", email, False, True, when(joined))
            emails.add(user_id, email, True, True)
            latest = {}
            for purpose in (Purpose.TERMS, Purpose.PRIVACY):
                latest[purpose] = event(user_id, purpose, Action.GRANTED, shown[purpose, lang], joined,
                                        Source.SIGNUP, "", ip, agent)
            totals["users"] += 1
            if rng.random() < mix.twofa:
                phone = phone_for(index, prefixes)
                enrolled = joined + (now - joined) * rng.random() * 0.5
                latest[Purpose.TWOFA] = event(user_id, Purpose.TWOFA, Action.GRANTED, shown[Purpose.TWOFA, lang],
                                              enrolled, Source.TWOFA_ENROLLMENT, phone, ip, agent)
                marketing = rng.random() < mix.marketing
                withdrawn = marketing and rng.random() < mix.withdrawn
                twofa_off = rng.random() < mix.twofa_off
                if marketing:
                    latest[Purpose.SMS_MARKETING] = event(
                        user_id, Purpose.SMS_MARKETING, Action.GRANTED, shown[Purpose.SMS_MARKETING, lang],
                        enrolled, Source.TWOFA_ENROLLMENT, phone, ip, agent)
                later = [enrolled + (now - enrolled) * rng.random() for _ in range(2)]
                for moment in sorted(later):
                    if withdrawn and moment == later[0]:
                        latest[Purpose.SMS_MARKETING] = event(
                            user_id, Purpose.SMS_MARKETING, Action.WITHDRAWN, shown[Purpose.SMS_MARKETING, lang],
                            moment, Source.ACCOUNT_SETTINGS, phone, ip, agent)
                    if twofa_off and moment == later[1]:
                        latest[Purpose.TWOFA] = event(user_id, Purpose.TWOFA, Action.WITHDRAWN,
                                                      shown[Purpose.TWOFA, lang], moment, Source.ACCOUNT_SETTINGS,
                                                      phone, ip, agent)
                if not twofa_off:
                    twofas.add(user_id, phone, when(enrolled), when(enrolled))
                    totals["twofa"] += 1
                if marketing and not (withdrawn and twofa_off):
                    contacts.add(user_id, phone, phone_hash(phone), when(enrolled), "twofa_enrollment")
                totals["marketing_valid"] += marketing and not withdrawn
                totals["withdrawn"] += withdrawn
                totals["twofa_off"] += twofa_off
            for state in latest.values():
                states.add(*state)
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                table.flush(cursor)
        if log is not None:
            log(totals["users"], time.monotonic() - started)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
            cursor.execute(sql)
    totals["seconds"] = round(time.monotonic() - started, 1)
    return totals
