"""What a person is shown of their consents: each purpose with its legal basis, text
version, dates and form; and, for a bare number, its marketing status without any account."""

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zgoda.accounts.api import users_with_twofa_number

from ...models import Action, ConsentEvent, ConsentState, ContactPoint, Purpose, Source, phone_hash
from . import contacts, ledger, number_subjects, texts, validity

LEGAL_BASIS = {
    Purpose.SMS_MARKETING: _("zgoda: RODO art. 6 ust. 1 lit. a (oraz art. 10 ustawy o świadczeniu usług drogą elektroniczną)"),
    Purpose.TERMS: _("umowa: RODO art. 6 ust. 1 lit. b (regulamin sklepu)"),
    Purpose.PRIVACY: _("obowiązek informacyjny: RODO art. 13 (zapoznanie się z polityką prywatności)"),
    Purpose.TWOFA: _("umowa: RODO art. 6 ust. 1 lit. b (bezpieczne logowanie do konta)"),
}


def purposes_of(user) -> list[dict]:
    states = ledger.states_of(user)
    history = list(ConsentEvent.objects.filter(user=user).select_related("text").order_by("id"))
    rows = []
    for purpose, name in Purpose.choices:
        events = [e for e in history if e.purpose == purpose]
        grants = [e for e in events if e.action == Action.GRANTED]
        withdrawals = [e for e in events if e.action == Action.WITHDRAWN]
        state = states.get(purpose)
        last_grant = grants[-1] if grants else None
        withdrawn = withdrawals[-1] if withdrawals and state and not state.granted else None
        rows.append({
            "purpose": purpose, "name": name, "state": state, "basis": LEGAL_BASIS.get(purpose, ""),
            "granted": bool(state and state.granted), "text": state.text if state else None,
            "superseded": bool(state and state.granted and texts.is_superseded(state.text)),
            "given_at": last_grant.created_at if last_grant else None,
            "withdrawn_at": withdrawn.created_at if withdrawn else None,
            "source": last_grant.get_source_display() if last_grant else "",  # where it was given
            "withdrawn_source": withdrawn.get_source_display() if withdrawn else "",
            "events": events,
        })
    return rows


def account_overview(user) -> dict:
    purposes = purposes_of(user)
    marketing = next(row for row in purposes if row["purpose"] == Purpose.SMS_MARKETING)
    blocked = validity.blocked_reason(user)  # why a granted consent sends nothing now ("" : it sends)
    marketing["paused"] = marketing["granted"] and bool(blocked)  # granted, yet nothing is sent
    return {"purposes": purposes, "on_list": marketing["granted"] and not blocked, "marketing_granted": marketing["granted"],
            "marketing_blocked": blocked, "marketing_suppression": blocking_suppression(user, blocked),
            "marketing_version": marketing["text"].version if marketing["text"] else None}


def blocking_suppression(user, blocked: str) -> dict | None:
    """When `blocked` (validity.blocked_reason) is "suppressed": the entry on the account's
    marketing number that keeps its consent off the list now ({"reason", "at"}:
    validity.blocking_entry, never an older entry or a network report a code lifted); else None."""
    if blocked != "suppressed":
        return None
    contact = contacts.contact_of(user)
    state = ledger.state_of(user, Purpose.SMS_MARKETING)
    if contact is None or state is None:
        return None
    return validity.blocking_entry(contacts.suppressions_of(contact.phone_hash), state.at, contact.confirmed_at)


def _contacts_of_number(phone: str):
    return _contacts_of_key(phone_hash(phone))


def _contacts_of_key(key: str):
    return ContactPoint.objects.filter(phone_hash=key)


# Where a consent on the number was given, or by whom it was withdrawn, as the number's page and
# download say it to someone who proved only the number: whatever an account did (turning on 2FA,
# its settings, signing up, the re-consent step, its own privacy page, staff acting on it, an
# import) and a consent the shop collected on its own form (posted through its API) are one
# source, the shop, so nothing there tells whether an account uses the number, or its 2FA. What
# the number's holder did with the number itself keeps its name. The account's own pages, and
# the shop's look-up (number_consents), keep the ledger's source.
SHOP = "shop"
NUMBER_SIDE = frozenset({Source.PRIVACY_PORTAL, Source.SMS_REPLY, Source.OPTOUT_LINK})
SOURCE_WORDS = {SHOP: _("w sklepie"), **dict(Source.choices)}


def public_source(source: str) -> str:
    """A consent's ledger source as the number's page and download name it (SHOP, see above)."""
    return source if source in NUMBER_SIDE else SHOP


def number_overview(phone: str) -> dict:
    """The number's marketing status: on the list or not, and the consents that put it
    there (since when, which version, on what basis, where: public_source), with nothing of
    the accounts; the number-only subject's consent (a shop's API) among them. Off the list,
    "suppression" is what keeps it off now (why_off) and "suppressed" says a suppression entry
    does, so the page, the download and the API's look-up tell one story."""
    rows = _account_rows(phone) + [row for row in number_subjects.consents(phone, granted_only=True)
                                   if row["purpose"] == Purpose.SMS_MARKETING]
    on_list = any(row["on_list"] for row in rows)
    suppression = None
    if not on_list:
        suppression = why_off(rows, contacts.suppressions_of(phone_hash(phone)), [] if rows else accounts_on(phone))
    return {
        "on_list": on_list,
        "consents": sorted((_public(row) for row in rows), key=lambda c: c["since"]),
        # An entry of the number's (a withdrawal by number, STOP, an opt-out, an erasure, the
        # network) holds now; an account's withdrawal is none (its consent alone ended).
        "suppressed": suppression is not None and suppression["reason"] != SHOP,
        # {"reason", "at"}: why the number is off the list (a withdrawal here, STOP, an
        # opt-out link, the network, SHOP: an account's withdrawal...), in words; None while it
        # is on the list, or when nothing withdrawn is the reason (a changed text, a number to
        # confirm again, no consent at all).
        "suppression": suppression,
    }


def why_off(rows: list[dict], entries: list[dict], accounts: Sequence[dict] = ()) -> dict | None:
    """What keeps a number off the list now, {"reason", "at"}, of its suppression entries
    (`entries`, newest first). With consents on the number (`rows`: "since", "confirmed_at"):
    the newest entry that blocks one of them (validity.blocking_entry: not one older than the
    consent, nor a network report a later code lifted). With none: its newest withdrawal, STOP,
    opt-out or erasure (validity.standing_entry; a network report pauses consents and ends none,
    so with no consent left it is no reason), or the newest withdrawal an account made with the
    number (`accounts`: accounts_on; its consents or privacy page write no entry: {"reason":
    SHOP}), whichever is newer (a tie goes to the entry: a withdrawal by number writes the
    ledger, then its entry), and never one older than a grant an account still holds with the
    number: that grant came after it, so it holds nothing."""
    if rows:
        held = [validity.blocking_entry(entries, row["since"], row["confirmed_at"]) for row in rows]
        return max((entry for entry in held if entry is not None), key=lambda entry: entry["at"], default=None)
    withdrawn = max((state["at"] for state in accounts if not state["granted"]), default=None)
    granted = max((state["at"] for state in accounts if state["granted"]), default=None)
    candidates = [(entry["at"], 1, entry) for entry in [validity.standing_entry(entries)] if entry is not None]
    if withdrawn is not None:
        candidates.append((withdrawn, 0, {"reason": SHOP, "at": withdrawn}))
    held = [candidate for candidate in candidates if granted is None or candidate[0] >= granted]
    return max(held, key=lambda candidate: candidate[:2])[2] if held else None


def accounts_on(phone: str) -> list[dict]:
    """[{"granted", "at"}]: the marketing state of each account tied to `phone` (its marketing
    number, or its 2FA number: a withdrawal in the account removes the marketing copy) whose
    latest grant or withdrawal was recorded with this number (the ledger keeps it in clear)."""
    if not phone:
        return []
    tied = (Q(user_id__in=_contacts_of_number(phone).filter(user__isnull=False).values("user_id"))
            | Q(user_id__in=users_with_twofa_number(phone)))
    return list(ConsentState.objects.filter(tied, purpose=Purpose.SMS_MARKETING, event__phone=phone)
                .values("granted", "at"))


def withdrawal_entry_stands(key: str, phone: str = "") -> bool:
    """With no consent left on the number: a withdrawal, STOP, opt-out or erasure entry is what
    keeps it off the list now (why_off), not an account's later withdrawal or grant. `phone`:
    the number in clear, when known (else only its entries count)."""
    held = why_off([], contacts.suppressions_of(key), accounts_on(phone))
    return held is not None and held["reason"] != SHOP


NUMBER_OVERVIEW_KEYS = ("since", "version", "language", "text_id", "on_list", "legal_basis")


def _public(row: dict) -> dict:
    source = public_source(row["source_code"])
    return {key: row[key] for key in NUMBER_OVERVIEW_KEYS} | {"source": source, "where": SOURCE_WORDS[source]}


def _account_rows(phone: str) -> list[dict]:
    """The granted marketing consents of accounts whose contact number is `phone`."""
    rows = []
    for contact in _contacts_of_number(phone).filter(user__isnull=False).select_related("user"):
        state = ledger.state_of(contact.user, Purpose.SMS_MARKETING)
        if state is None or not state.granted:
            continue
        rows.append({
            "purpose": Purpose.SMS_MARKETING.value, "granted": True, "since": state.at,
            "version": state.text.version, "language": state.text.language, "text_id": state.text_id,
            "source_code": state.source, "source": Source(state.source).label,
            "on_list": validity.marketing_valid(contact.user), "legal_basis": LEGAL_BASIS[Purpose.SMS_MARKETING],
            "confirmed_at": contact.confirmed_at,
        })
    return rows


def number_consents(phone: str) -> dict:
    """A number's consents for a shop's API look-up: its accounts' granted marketing consents
    (what number_overview shows) and its number-only subject's state per purpose."""
    from . import pending

    overview = number_overview(phone)
    rows = _account_rows(phone) + number_subjects.consents(phone, granted_only=False)
    keys = ("purpose", "granted", "since", "version", "source", "legal_basis", "on_list")
    consents = [{key: row[key] for key in keys} | {"source": row["source_code"], "legal_basis": str(row["legal_basis"])}
                for row in sorted(rows, key=lambda r: r["since"])]
    return {"phone": phone, "on_list": overview["on_list"], "suppressed": overview["suppressed"],
            "consents": consents, "pending": pending.pending_of(phone)}


def granted_on_number(phone: str) -> list:
    """Accounts whose marketing consent is granted and tied to `phone` (their contact number)."""
    return granted_on_key(phone_hash(phone))


def granted_on_key(key: str) -> list:
    """One query whatever the number holds (the privacy portal asks it of known and unknown
    numbers alike, and must run the same statements for both)."""
    contacts = _contacts_of_key(key).filter(user__isnull=False).select_related("user").order_by("pk")
    granted = set(
        ConsentState.objects.filter(
            user_id__in=contacts.values("user_id"), purpose=Purpose.SMS_MARKETING, granted=True
        ).values_list("user_id", flat=True)
    )
    return [contact.user for contact in contacts if contact.user_id in granted]
