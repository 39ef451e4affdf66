"""An export file grows stale: checking a file exported earlier against today's consents.

Staff give back a file they exported (our CSV or SMSAPI format, or any list of numbers,
one a line, with commas, semicolons or tabs, in UTF-8, UTF-16 or Windows-1250) and get the
lines whose numbers must no longer receive marketing: withdrawn, STOP, opted out, erased,
suppressed, or no longer valid (a changed text, a number not re-confirmed, a deactivated
account). Numbers are matched by consent's keyed hash: an erased number is known only as
a Suppression's hash, never in clear, and nothing of the file is kept.

The file is read twice in chunks (a check that it is a text file with numbers in it, then
the answer, streamed): memory stays flat whatever its size.
"""

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zgoda.lib.phone import e164_or_blank
from zgoda.sms.signals import ABSENT_SUBSCRIBER, UNKNOWN_SUBSCRIBER

from ... import app_settings
from ...models import ConsentState, ContactPoint, Purpose, Source, Suppression, phone_hash
from .audience import still_valid

HEADER = "line,phone,reason,description,original_line\n"
DELIMITERS = (",", ";", "\t", "|")
# What a phone field may hold; phonenumbers decides whether it is a number.
PHONE_CHARACTERS = frozenset("+0123456789 -()./")
MAX_LINE = 10_000  # characters: longer is no list of numbers
SNIFF_LINES = 1000  # a file with no number in its first this many lines is no list of numbers
ARCHIVES = {
    b"PK\x03\x04": gettext_lazy("To jest arkusz (XLSX/ODS) albo archiwum ZIP. Zapisz arkusz jako CSV i wyślij plik CSV."),
    b"\xd0\xcf\x11\xe0": gettext_lazy("To jest arkusz Excela (XLS). Zapisz go jako CSV i wyślij plik CSV."),
    b"%PDF": gettext_lazy("To jest PDF. Wyślij plik CSV albo TXT z numerami, jeden w wierszu."),
}

# Why a line must no longer receive marketing: its code in the file, and its description.
REASONS = {
    "stop": gettext_lazy("odpowiedź STOP"),
    "opted_out": gettext_lazy("wypisanie linkiem z SMS-a"),
    "withdrawn": gettext_lazy("zgoda wycofana"),
    "erased": gettext_lazy("dane usunięte na prośbę osoby"),
    UNKNOWN_SUBSCRIBER: gettext_lazy("numer nieaktywny u operatora (mógł trafić do kogoś innego)"),
    ABSENT_SUBSCRIBER: gettext_lazy("numer trwale nieosiągalny"),
    "suppressed": gettext_lazy("numer zablokowany"),
    "not_valid": gettext_lazy("zgoda już nieważna (zmieniona treść, numer dawno niepotwierdzony kodem albo konto wyłączone)"),
    "no_consent": gettext_lazy("brak zgody na ten numer (wycofana razem z numerem, konto usunięte albo nigdy jej nie było)"),
}
SUPPRESSION_REASONS = {
    Source.SMS_REPLY.value: "stop",
    Source.OPTOUT_LINK.value: "opted_out",
    Source.PRIVACY_PORTAL.value: "withdrawn",
    Source.ADMIN.value: "withdrawn",
    Source.ACCOUNT_SETTINGS.value: "withdrawn",
    Source.API.value: "withdrawn",
    "erasure": "erased",
    UNKNOWN_SUBSCRIBER: UNKNOWN_SUBSCRIBER,
    ABSENT_SUBSCRIBER: ABSENT_SUBSCRIBER,
}


class StaleFileError(ValueError):
    """Not a file we can read: the message is one line, in the user's language."""


@dataclass
class CheckResult:
    lines: int = 0
    numbers: int = 0
    stale: int = 0


# --- reading the file ----------------------------------------------------------------------
def _encoding(head: bytes) -> tuple[str, int]:
    """(codec, bytes of BOM to skip) for a file starting with `head`."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return name, len(bom)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1250", 0  # what Excel writes on a Polish Windows
    return "utf-8", 0


def _chunks_with_head(chunks: Iterable[bytes]) -> tuple[bytes, Iterator[bytes]]:
    iterator = iter(chunks)
    head = b""
    for chunk in iterator:
        head += chunk
        if len(head) >= 65536:
            break
    return head, iterator


def lines(chunks: Iterable[bytes]) -> Iterator[tuple[int, str]]:
    """(line number from 1, text without its line end) for every line of the file."""
    head, rest = _chunks_with_head(chunks)
    for magic, message in ARCHIVES.items():
        if head.startswith(magic):
            raise StaleFileError(str(message))
    name, skip = _encoding(head)
    decoder = codecs.getincrementaldecoder(name)(errors="replace")
    pending, number = "", 0

    def split(text: str, final: bool):
        nonlocal pending, number
        pending += text
        parts = pending.splitlines(keepends=True)
        pending = ""
        if parts and not final and (not parts[-1].endswith(("\n", "\r")) or parts[-1].endswith("\r")):
            pending = parts.pop()  # an unfinished line, or a "\r" whose "\n" may come next
        if len(pending) > MAX_LINE:
            raise StaleFileError(_("Wiersz nr %(n)d jest bardzo długi: to nie jest lista numerów.") % {"n": number + 1})
        for part in parts:
            number += 1
            yield number, part.rstrip("\r\n")

    yield from split(decoder.decode(head[skip:]), False)
    for chunk in rest:
        yield from split(decoder.decode(chunk), False)
    yield from split(decoder.decode(b"", final=True), True)


def number_in(text: str) -> str:
    """The phone number a line holds (E.164), or "": the whole line, or else the first field
    of it (comma, semicolon, tab or bar separated, quotes allowed) that is a number."""
    delimiter = next((d for d in DELIMITERS if d in text), None)
    try:
        fields = next(csv.reader([text], delimiter=delimiter), []) if delimiter else [text]
    except csv.Error:
        fields = text.split(delimiter)
    for field in fields:
        field = field.strip().strip("'\"=").strip()
        if not field or not set(field) <= PHONE_CHARACTERS or sum(c.isdigit() for c in field) < 7:
            continue
        e164 = e164_or_blank(field)
        if e164:
            return e164
    return ""


def inspect(chunks: Iterable[bytes]) -> CheckResult:
    """Read the whole file once: a text file, with a number among its first lines; or
    StaleFileError saying what is wrong."""
    result, seen_number, size = CheckResult(), False, 0
    for number, text in lines(chunks):
        size += len(text)
        if "\x00" in text:
            raise StaleFileError(_("To nie jest plik tekstowy. Wyślij plik CSV albo TXT z numerami, jeden w wierszu."))
        result.lines = number
        if not seen_number and number <= SNIFF_LINES and text.strip():
            seen_number = bool(number_in(text))
    if not size:
        raise StaleFileError(_("Plik jest pusty."))
    if not seen_number:
        raise StaleFileError(_(
            "W pierwszych wierszach pliku nie ma żadnego numeru telefonu. Wyślij plik z eksportu "
            "(CSV albo TXT) albo listę numerów, jeden w wierszu."
        ))
    return result


# --- the answer ------------------------------------------------------------------------------
def stale_reasons(keys: set[str]) -> dict[str, str]:
    """Of these number keys (phone_hash), those that may no longer receive marketing, each
    with the code of its reason (REASONS)."""
    contacts = list(ContactPoint.objects.filter(phone_hash__in=keys).values_list("user_id", "phone", "phone_hash"))
    valid_users = {user_id for user_id, _phone in still_valid([(u, p) for u, p, _k in contacts])}
    valid = {key for user_id, _phone, key in contacts if user_id in valid_users}
    rest = keys - valid
    if not rest:
        return {}
    suppressed = {}
    for key, at, reason in (Suppression.objects.filter(phone_hash__in=rest).order_by("created_at", "id")
                            .values_list("phone_hash", "created_at", "reason")):
        suppressed[key] = (at, reason)  # the latest wins
    holders: dict[str, list[int]] = {}
    for user_id, _phone, key in contacts:
        if key in rest:
            holders.setdefault(key, []).append(user_id)
    states = {
        user_id: (granted, at) for user_id, granted, at in ConsentState.objects.filter(
            user_id__in=[u for users in holders.values() for u in users], purpose=Purpose.SMS_MARKETING,
        ).values_list("user_id", "granted", "at")
    }
    reasons = {}
    for key in rest:
        own = [states[u] for u in holders.get(key, []) if u in states]
        newest_grant = max((at for granted, at in own if granted), default=None)
        entry = suppressed.get(key)
        if entry is not None and (newest_grant is None or entry[0] >= newest_grant):
            reasons[key] = SUPPRESSION_REASONS.get(entry[1], "suppressed")
        elif newest_grant is not None:
            reasons[key] = "not_valid"
        elif own:
            reasons[key] = "withdrawn"
        else:
            reasons[key] = "no_consent"
    return reasons


def _rows(batch: list[tuple[int, str, str]], result: CheckResult) -> bytes:
    keys = {number: phone_hash(phone) for number, _text, phone in batch}
    reasons = stale_reasons(set(keys.values()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for number, text, phone in batch:
        reason = reasons.get(keys[number])
        if reason is not None:
            result.stale += 1
            writer.writerow([number, phone, reason, str(REASONS[reason]), text])
    return out.getvalue().encode()


def check(chunks: Iterable[bytes], result: CheckResult) -> Iterator[bytes]:
    """The answer file, as encoded chunks: a CSV line per stale line of the file (its line
    number, the number in E.164, the reason's code and description, the line as it was)."""
    yield HEADER.encode()
    size = app_settings.export_chunk_rows()
    batch: list[tuple[int, str, str]] = []
    for number, text in lines(chunks):
        result.lines = number
        phone = number_in(text) if text.strip() else ""
        if not phone:
            continue
        result.numbers += 1
        batch.append((number, text, phone))
        if len(batch) >= size:
            yield _rows(batch, result)
            batch = []
    if batch:
        yield _rows(batch, result)
