"""Exporting the numbers that may receive SMS marketing: streamed, hashed, audited.

Rows come from one chunked cursor and leave as encoded chunks, so memory stays flat
whatever the size; the SHA-256 is taken over exactly the bytes written. Every format is
written by a csv writer (quotes and embedded newlines the CSV way); the database only
formats the times.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, time

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from ... import app_settings
from ...models import ExportAudit
from .validity import count_valid, iso_utc, marketing_sql

FORMATS = ("csv", "smsapi", "numbers")
HEADERS = {
    "csv": "phone,consent_given_at,consent_version,consent_source,language\n",
    # SMSAPI's contact import: the number with its country code and no plus sign, and a note.
    "smsapi": "phone_number,description\n",
    "numbers": "",
}


class ExportError(ValueError):
    """Bad filters: the message is one line, in the user's language."""


@dataclass
class ExportFilters:
    format: str = "csv"
    since: datetime | None = None
    language: str | None = None

    def as_dict(self):
        return {
            "format": self.format,
            "since": self.since.isoformat() if self.since else None,
            "language": self.language,
        }


@dataclass
class ExportResult:
    rows: int = 0
    sha256: str = ""
    completed: bool = False
    _hash: "hashlib._Hash" = field(default_factory=hashlib.sha256, repr=False)


def parse_filters(fmt=None, since=None, language=None) -> ExportFilters:
    fmt = (fmt or "csv").strip().lower()
    if fmt not in FORMATS:
        raise ExportError(
            _("Nieznany format „%(format)s”: wybierz csv, smsapi albo numbers.") % {"format": fmt}
        )
    return ExportFilters(format=fmt, since=parse_since(since), language=parse_language(language))


def parse_since(text) -> datetime | None:
    if text in (None, ""):
        return None
    text = str(text).strip()
    try:
        day = parse_date(text)
        moment = None if day else parse_datetime(text)
    except ValueError:
        day = moment = None
    if day is not None:
        return timezone.make_aware(datetime.combine(day, time.min))
    if moment is not None:
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    raise ExportError(
        _("Zła data „%(date)s”: podaj RRRR-MM-DD, np. 2026-01-31.") % {"date": text}
    )


def parse_language(code) -> str | None:
    if code in (None, ""):
        return None
    code = str(code).strip().lower()
    languages = [c for c, _name in settings.LANGUAGES]
    if code not in languages:
        raise ExportError(
            _("Nieznany język „%(lang)s”: dostępne %(langs)s.") % {"lang": code, "langs": ", ".join(languages)}
        )
    return code


def columns_sql(fmt: str = "csv") -> str:
    """The format's columns, one SQL column each; a csv writer turns them into lines. The
    database formats the time (in C); quoting and embedded newlines are the writer's job."""
    at = iso_utc("st.at")
    if fmt == "numbers":
        return "cp.phone"
    if fmt == "smsapi":
        return f"SUBSTR(cp.phone, 2), 'Zgoda SMS ' || tx.version || ' (' || tx.language || ') ' || {at} || ' ' || st.source"
    return f"cp.phone, {at}, tx.version, st.source, tx.language"


def export_sql(filters: "ExportFilters") -> tuple[str, list]:
    return marketing_sql(columns_sql(filters.format), since=filters.since, language=filters.language, ordered=True)


class CsvEncoder:
    """Rows to encoded CSV chunks through one csv writer and one reused buffer."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def encode(self, rows) -> bytes:
        self._writer.writerows(rows)
        data = self._buffer.getvalue().encode()
        self._buffer.seek(0)
        self._buffer.truncate()
        return data


def chunks(filters: ExportFilters, result: ExportResult, progress=None):
    """Yield the file as encoded chunks; `result` holds rows and SHA-256 when done."""
    first = HEADERS[filters.format].encode()
    if first:
        result._hash.update(first)
        yield first
    sql, params = export_sql(filters)
    size = app_settings.export_chunk_rows()
    encoder = CsvEncoder()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(size):
            data = encoder.encode(rows)
            result._hash.update(data)
            result.rows += len(rows)
            yield data
            if progress is not None:
                progress(result.rows)
    result.sha256 = result._hash.hexdigest()
    result.completed = True


def total_rows(filters: ExportFilters) -> int:
    return count_valid(since=filters.since, language=filters.language)


def audit(filters, result, *, channel, actor=None, actor_label="", destination="") -> ExportAudit:
    return ExportAudit.objects.create(
        actor=actor, actor_label=actor_label or (str(actor) if actor else ""), channel=channel,
        format=filters.format, filters=filters.as_dict(), destination=destination[:500],
        row_count=result.rows, sha256=result.sha256 or result._hash.hexdigest(), completed=result.completed,
    )


# --- the same rows for a shop's API: CSV through a csv writer, or NDJSON ----------------------

API_FORMATS = ("csv", "ndjson")
COLUMNS = tuple(HEADERS["csv"].strip().split(","))


def _encode(fmt: str, rows) -> bytes:
    if fmt == "ndjson":
        return "".join(json.dumps(dict(zip(COLUMNS, row, strict=True)), ensure_ascii=False) + "\n"
                       for row in rows).encode()
    return CsvEncoder().encode(rows)


class AuditedStream:
    """The API's export as encoded chunks (no full list in memory), audited like the CLI's
    export when the stream ends, is closed early (the client went away) or never started:
    rows sent, the SHA-256 of exactly those bytes, and whether it completed."""

    def __init__(self, fmt: str, actor_label: str, header_only: bool = False):
        self.filters = ExportFilters(format=fmt)
        self.result = ExportResult()
        self.actor_label = actor_label
        self.header_only = header_only
        self._chunks = self._generate()
        self._audited = False

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except StopIteration:
            self.close()
            raise
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._chunks.close()
        if not self._audited:
            self._audited = True
            audit(self.filters, self.result, channel=ExportAudit.Channel.API, actor_label=self.actor_label,
                  destination="api")

    def _generate(self):
        fmt = self.filters.format
        if fmt == "csv":
            yield self._counted(_encode("csv", [COLUMNS]), rows=0)
        if self.header_only:
            self.result.sha256, self.result.completed = self.result._hash.hexdigest(), True
            return
        sql, params = export_sql(self.filters)
        size = app_settings.export_chunk_rows()
        encoder = CsvEncoder() if fmt == "csv" else None
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(size):
                data = encoder.encode(rows) if encoder else _encode(fmt, rows)
                yield self._counted(data, rows=len(rows))
        self.result.sha256 = self.result._hash.hexdigest()
        self.result.completed = True

    def _counted(self, data: bytes, rows: int) -> bytes:
        self.result._hash.update(data)
        self.result.rows += rows
        return data
