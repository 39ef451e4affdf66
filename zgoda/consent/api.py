"""What other apps may use of consent: marketing audiences, withdrawals by number and the
marketing status of a number; for the REST API, consents a shop collected itself for
number-only subjects (a consent tied to a number proved by a code and no account), the list
of marketing numbers and the suppression feed.

Models and `internal/` stay private to consent (import-linter's contracts in pyproject)."""

from .internal.flows.pending import ConsentInputError

from .internal.flows import audience as _audience
from .internal.flows import ledger as _ledger
from .internal.flows import marketing as _marketing
from .internal.flows import numbers as _numbers
from .internal.flows import overview as _overview
from .internal.flows import pending as _pending

__all__ = ["ConsentInputError"]  # the rest: every public function below

# --- audiences, used by campaigns -----------------------------------------------------------

# The columns audience_sql() selects, in this order.
AUDIENCE_COLUMNS = _audience.COLUMNS


def audience_sql(*, language: str | None = None, since=None, twofa: bool | None = None) -> tuple[str, list]:
    """(sql, params) of a SELECT of AUDIENCE_COLUMNS: one row per number whose holder may
    receive SMS marketing now (the lowest user id and the oldest consent when accounts share
    it; user_id NULL for a number-only subject, a consent tied to a number and no account,
    which `twofa` True leaves out), narrowed to consents in `language` given at or after `since`, and with `twofa`
    True/False to accounts with/without SMS 2FA. Made for INSERT ... SELECT: the rows stay
    in the database."""
    return _audience.audience_sql(language, since, twofa)


def audience_count(*, language: str | None = None, since=None, twofa: bool | None = None) -> int:
    """How many numbers audience_sql() with the same filters selects."""
    return _audience.audience_count(language, since, twofa)


def still_valid(pairs) -> set[tuple[int | None, str]]:
    """Of these (user_id, phone) pairs, those whose marketing consent still holds now for that
    same number (not withdrawn, superseded, or suppressed by an opt-out, STOP or erasure).
    A pair (None, phone) stands for the number's number-only subject (audience_sql's rows
    with user_id NULL)."""
    return _audience.still_valid(pairs)


def stop_reply_withdrawals(user_id, after, before):
    """A queryset of the marketing withdrawals of `user_id` made by a STOP reply between
    `after` and `before`; the arguments may be OuterRef()s, for an Exists() per row."""
    return _ledger.stop_reply_withdrawals(user_id, after, before)


# --- a number's marketing status and withdrawal, used by privacy ----------------------------


def withdraw_number(phone: str, source: str, *, label: str = "", also_user_id=None) -> int:
    """End every marketing consent tied to `phone` (E.164): the accounts' whose contact number
    it is, the number's number-only subject's, and that of `also_user_id` (the account an
    opt-out link was made for); suppress the number for consents given before now. `source`
    is a ledger source value ("sms_reply", "optout_link", "privacy_portal", "api"...).
    Accounts keep their contact number, 2FA and login. Returns how many ended."""
    return _numbers.withdraw_number(phone, source, label=label, also_user_id=also_user_id)


def withdraw_number_key(key: str, source: str, *, label: str = "", also_user_id=None) -> int:
    """`withdraw_number` for a number known only by its `number_key` (an old opt-out link)."""
    return _numbers.withdraw_key(key, source, label=label, also_user_id=also_user_id)


def withdraw_account(request, user, *, label: str = "", source: str = "privacy_portal") -> bool:
    """The account's own withdrawal of its marketing consent; True when one was granted."""
    return _marketing.withdraw(request, user, label=str(label), source=source).ok


def is_suppressed(phone: str, consent_given_at=None) -> bool:
    """A suppression entry (opt-out, STOP, erasure) not older than the consent exists for
    `phone` (E.164); without a date, any entry."""
    return _numbers.is_suppressed(phone, consent_given_at)


def number_overview(phone: str) -> dict:
    """A number's marketing status, with nothing of the accounts: {"on_list", "suppression"
    (off the list, what keeps it off now, {"reason", "at"}: the suppression entry blocking a
    consent shown, not older than it nor a network report a later code lifted; with no
    consent, the newest withdrawal, STOP, opt-out or erasure, or an account's later withdrawal
    with the number, reason "shop"; never one older than a grant after it; else None),
    "suppressed" (a suppression entry is that reason; an account's withdrawal is none),
    "consents": [{"since", "version", "language" (the text's), "text_id", "source" (where it
    was given, never telling whether an account uses the number: "shop" for whatever an
    account or the shop's own form did), "where" (that in words, for a page), "legal_basis",
    "on_list"}]} (the number-only subject's marketing consent among the consents)."""
    return _overview.number_overview(phone)


def account_overview(user) -> dict:
    """An account's consents: {"on_list", "marketing_granted", "marketing_blocked" (why a
    granted consent sends nothing: validity.blocked_reason), "marketing_suppression" (for
    "suppressed", the entry that says why: {"reason", "at"}), "purposes": [row per purpose
    with state, legal basis, text, dates, source and history; the marketing row's "paused":
    granted, yet blocked]}."""
    return _overview.account_overview(user)


def marketing_claim(user) -> dict:
    """What a shop's OpenID Connect login learns of the marketing consent: {"granted": in the
    audience the export and campaigns use now, "since": ISO date of the grant or None,
    "version": the text's version or None}."""
    from .internal.flows import claims

    return claims.marketing_claim(user)


def marketing_contact(user) -> tuple[str, bool] | None:
    """(E.164 number, confirmed by a code) of the account: its 2FA number, else its marketing
    number; None without either."""
    from .internal.flows import claims

    return claims.marketing_contact(user)


def customer_reference(phone: str) -> str | None:
    """The shop's own customer reference given with the number-only subject's consents (the
    latest), None without one: what a `subject.erased` webhook names besides the keyed hash."""
    from .internal.flows import number_subjects

    return number_subjects.customer_reference(phone)


def number_key(phone: str) -> str:
    """The keyed hash consent knows a number by (suppressions, contact numbers): what other
    apps keep instead of a number past its retention, to still reach its consents."""
    from .models import phone_hash

    return phone_hash(phone)


# --- demo data, used by shop's demo_users --------------------------------------------------

def record_demo_account(user, phone: str | None) -> list[str]:
    """The consents signing up and turning 2FA on with `phone` record, for a demo account made
    without those flows; purposes already recorded are left alone. For demo data only."""
    from .internal.flows import demo

    return demo.record_named_account(user, phone)


# --- the hash key and suppressions after a restore (privacy's erasure journal) -----------------


def refuse_unmatched_hash_key() -> None:
    """Raise ImproperlyConfigured when the hash key is missing or no longer matches the hashes
    in the database (what the check zgoda.consent.E010-E012 says): the web server calls this
    at start, so it refuses to serve rather than let suppressed numbers back into campaigns."""
    from django.core.exceptions import ImproperlyConfigured

    from .internal.flows import keys

    errors = keys.problems()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")


def restore_suppression(key: str, at, reason: str = "") -> bool:
    """After a database restore: the suppression of the number with keyed hash `key` made at
    `at` (from the erasure journal), unless one as recent is there. True when re-created."""
    from .internal.flows import contacts

    return contacts.restore_suppression(key, at, reason)



# --- the REST API: consents a shop collected, number-only subjects, lists ---------------------
# ConsentInputError(ValueError), imported above: `field` (the input's name: "phone", "purpose",
# "text_version", "text_sha256", "language", "given_at", "ip", "label", "reference", "cursor",
# "limit") and `message` (why, translated: Polish by default, the active language otherwise).

PENDING_HOURS = _pending.PENDING_HOURS
PROOF_MINUTES = _pending.PROOF_MINUTES


def current_texts() -> list[dict]:
    """The current version of each purpose a shop may collect (sms_marketing, terms,
    privacy) in each language Zgoda has: [{"purpose", "language", "version", "sha256",
    "text" (the full text), "label" (the box's sentence), "material" (bool)}]. The SHA-256 is
    over the label and the text (consent.models.text_sha256)."""
    return _pending.current_texts()


def record_pending_consent(*, phone: str, purpose: str, text_version: str | None = None,
                           text_sha256: str | None = None, language: str | None = None, label: str = "",
                           given_at=None, ip: str | None = None, user_agent: str = "", reference: str = "",
                           api_key_id: int | None = None, sandbox: bool = False) -> dict:
    """A consent a shop collected on its own form, for the number's number-only subject (never
    an account). It waits, outside the ledger, until the number is proved by a code of the
    API's verification (`number_proved` with purpose "api", or `confirm_pending`), for at most
    PENDING_HOURS; meanwhile it is in no audience or export.

    The text is named by `text_version` (with `language`, else the default language) or by
    `text_sha256`; `label` is what the box said (the text's own label when empty); `given_at`
    the shop's time of the tick (datetime or ISO 8601; now when None); `ip`, `user_agent` the
    customer's; `reference` the shop's own customer id (at most 100 characters); all kept as
    the proof. `sandbox`: posted with a REST API sandbox key (test data that no live look-up
    shows). Returns {"id", "status", "phone" (E.164), "purpose", "version", "expires_at"}:
    status "pending" (expires_at: when it lapses), or "confirmed" (expires_at None) when an
    API verification proved the same number within the last PROOF_MINUTES, so the consent
    went to the ledger at once. Raises ConsentInputError for an invalid number, an unknown
    purpose, an unknown, superseded or other purpose's version or hash, an unknown
    language, a time in the future, a bad IP, or a label or reference too long."""
    return _pending.record(phone=phone, purpose=purpose, text_version=text_version, text_sha256=text_sha256,
                           language=language, label=label, given_at=given_at, ip=ip, user_agent=user_agent,
                           reference=reference, api_key_id=api_key_id, sandbox=sandbox)


def confirm_pending(phone: str, api_key_id: int | None = None) -> int:
    """The number (E.164) was just proved by a code of API key `api_key_id`'s verification:
    append the pending consents that key posted for it in the last PENDING_HOURS to the ledger
    (source "api", the shop's time, IP, browser and label as proof), confirm the number-only
    subject's marketing number now. Returns how many. The receiver of
    `number_proved(purpose="api", api_key_id=...)` does the same."""
    return _pending.confirm(phone, api_key_id)


def number_consents(phone: str) -> dict:
    """A number's consents for a shop's look-up (E.164), nothing of the accounts beyond what
    number_overview gives: {"phone", "on_list", "suppressed", "consents": [{"purpose",
    "granted", "since", "version", "source" (a ledger source value), "legal_basis",
    "on_list"}], "pending": [{"id", "purpose", "version", "expires_at"}]}. The accounts'
    marketing consents appear only while granted; the number-only subject's state per purpose
    appears granted or not."""
    return _overview.number_consents(phone)


def number_consents_of_key(phone: str, api_key_id: int) -> dict:
    """What a REST API sandbox key may see of a number: `number_consents`' shape with nothing
    of the ledger (no consents, not on the list, not suppressed), only the pending consents
    that key recorded itself (a sandbox key's are never confirmed)."""
    from .internal.flows import pending

    return {"phone": phone, "on_list": False, "suppressed": False, "consents": [],
            "pending": pending.pending_of(phone, api_key_id=api_key_id)}


def drop_pending_of_key(phone: str, purpose: str, api_key_id: int) -> int:
    """A REST API sandbox key's withdrawal: forget the pending consents it recorded for the
    number and purpose, touching nothing else. Returns how many were dropped."""
    from .internal.flows import pending

    return pending.drop(phone, purpose, api_key_id)


def clean_phone(raw: str) -> str:
    """E.164 of a mobile number as the consent API takes it; ConsentInputError(field="phone")."""
    return _pending.clean_phone(raw)


def marketing_numbers(fmt: str, actor: str, header_only: bool = False):
    """The numbers that may receive SMS marketing now: the export's rows and columns
    (phone, consent_given_at, consent_version, consent_source, language), in the export's
    order, as an iterator of encoded chunks: "csv" (a header line, then rows through a csv
    writer) or "ndjson" (one JSON object per line). Streamed from one chunked cursor. Audited
    like the CLI export (ExportAudit, channel "api", `actor` as who: e.g. the API key's
    name): written when the stream ends or is closed, so give the iterator itself to
    StreamingHttpResponse (it calls close()). ConsentInputError(field="format") otherwise.
    `header_only`: no rows at all (a REST API sandbox key's export), audited as such."""
    from django.utils.translation import gettext as _

    from .internal.flows import export

    if fmt not in export.API_FORMATS:
        raise ConsentInputError("format", _("Nieznany format „%(format)s”: wybierz csv albo ndjson.") % {"format": fmt})
    return export.AuditedStream(fmt, actor, header_only=header_only)


def suppression_feed(cursor: str | None, limit: int = 500) -> dict:
    """What an external SMS tool must stop sending to, since `cursor` (None: from the start):
    {"items": [{"id", "kind": "withdrawal"|"stop"|"erasure"|"unreachable", "at", "purpose",
    "phone_hash", "phone"}], "next_cursor"}. Items are marketing withdrawals in the ledger that
    still name a number, and suppression entries (opt-outs, STOP, erasures, numbers the
    network did not know), ordered by time; `limit` at most 1000. `phone_hash` is consent's
    keyed hash of the E.164 number (number_key). "Where lawful": `phone` in E.164 only for a
    withdrawal or STOP of marketing from the ledger, which the shop's tools must honour; never
    for an erasure or a suppression entry (those keep only the hash), and null once the row
    was anonymized. `next_cursor` is opaque and stable (signed), the position after the last
    item, or the cursor given when nothing is new; keep polling with it. A cursor not made
    here raises ConsentInputError(field="cursor")."""
    from .internal.flows import feed

    return feed.page(cursor, limit)
