"""The marketing number: set when a code confirms it, kept when 2FA goes off."""

from django.db.models import CharField, DateTimeField, IntegerField
from django.utils import timezone

from zgoda.accounts.api import twofa_number
from zgoda.lib import journal
from zgoda.lib.prepared import Param, PreparedUpdate

from ...models import ConsentState, ContactPoint, Purpose, Suppression, phone_hash


def contact_of(user) -> ContactPoint | None:
    return ContactPoint.objects.filter(user=user).first()


def set_contact(user, phone: str, via: str, confirmed_at=None) -> ContactPoint:
    contact, _created = ContactPoint.objects.update_or_create(
        user=user, defaults={"phone": phone, "confirmed_at": confirmed_at or timezone.now(), "via": via}
    )
    return contact


def contact_from_2fa_number(user, via: str) -> ContactPoint | None:
    """The confirmed 2FA number made the marketing number (None while 2FA is off)."""
    twofa = twofa_number(user)
    if twofa is None:
        return None
    return set_contact(user, twofa.phone, via=via, confirmed_at=twofa.confirmed_at)


def remove_contact(user) -> bool:
    deleted, _ = ContactPoint.objects.filter(user=user).delete()
    return bool(deleted)


def suppress(phone: str, reason: str = "") -> Suppression:
    """Block the number for every consent given before now (erasure, opt-outs, STOP).
    A consent given afterwards counts again."""
    return suppress_key(phone_hash(phone), reason)


def suppress_key(key: str, reason: str = "") -> Suppression:
    """`suppress` for a number known only by its keyed hash (an old opt-out link). Also
    appended to the erasure journal once committed, so a database restore cannot undo it."""
    entry = Suppression.objects.create(phone_hash=key, reason=reason)
    journal.suppression_on_commit(key, entry.created_at, reason)
    return entry


def suppressions_of(key: str) -> list[dict]:
    """The number's suppression entries by its keyed hash, newest first: [{"reason", "at"}]
    (the reason a ledger Source of the withdrawal, "erasure", an unreachable reason, or ""
    for old entries), so a page can say in words why (validity.blocking_entry picks the one)."""
    return [{"reason": reason, "at": at} for reason, at in Suppression.objects.filter(phone_hash=key)
            .order_by("-created_at", "-id").values_list("reason", "created_at")]


def restore_suppression(key: str, at, reason: str = "") -> bool:
    """Re-create a journalled suppression (made at `at`) missing from a restored database; an
    entry as recent or newer is enough. Not journalled again."""
    if Suppression.objects.filter(phone_hash=key, created_at__gte=at).exists():
        return False
    Suppression.objects.create(phone_hash=key, created_at=at, reason=reason)
    return True


def reconfirm(user, phone: str, at=None) -> bool:
    """A code SMS to `phone` was typed back by `user` (a login counts): their marketing number,
    if it is that number, is confirmed again now (validity's re-confirmation window). True if so.
    A bare-number proof (user None) confirms nobody's consent: the number may have a new holder."""
    if user is None or not phone:
        return False
    return bool(_RECONFIRM.run(user_id=user.pk, phone_hash=phone_hash(phone), at=at or timezone.now()))


_RECONFIRM = PreparedUpdate(lambda: (
    ContactPoint.objects.filter(user_id=Param("user_id", IntegerField()), phone_hash=Param("phone_hash", CharField())),
    {"confirmed_at": Param("at", DateTimeField())},
))


def suppress_unreachable(phone: str, reason: str) -> Suppression | None:
    """The network says `phone` has no reachable subscriber (sms.signals.recipient_unreachable):
    no marketing to it for consents given before now, until their holder proves the number
    again with a code (validity.marketing_sql). Once per episode: nothing new while the
    latest entry is already newer than every consent and confirmation on the number."""
    key = phone_hash(phone)
    latest = Suppression.objects.filter(phone_hash=key).order_by("-created_at").values_list("created_at", flat=True).first()
    if latest is not None:
        contacts = ContactPoint.objects.filter(phone_hash=key)
        newest_claim = max(
            [c for c in contacts.values_list("confirmed_at", flat=True) if c]
            + list(ConsentState.objects.filter(user_id__in=contacts.values("user_id"), purpose=Purpose.SMS_MARKETING)
                   .values_list("at", flat=True)),
            default=None,
        )
        if newest_claim is None or latest >= newest_claim:
            return None
    return suppress(phone, reason=reason)
