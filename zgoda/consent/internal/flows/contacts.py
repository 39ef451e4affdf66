"""The marketing number: set when a code confirms it, kept when 2FA goes off."""

from django.utils import timezone

from zgoda.accounts.api import twofa_number

from ...models import ContactPoint, Suppression, phone_hash


def contact_of(user) -> ContactPoint | None:
    return ContactPoint.objects.filter(user=user).first()


def set_contact(user, phone: str, via: str, confirmed_at=None) -> ContactPoint:
    contact, _created = ContactPoint.objects.update_or_create(
        user=user, defaults={"phone": phone, "confirmed_at": confirmed_at or timezone.now(), "via": via}
    )
    return contact


def contact_or_2fa_number(user, via: str) -> ContactPoint | None:
    """The marketing number, taken from the confirmed 2FA number when there is none yet."""
    contact = contact_of(user)
    if contact is not None:
        return contact
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
    """`suppress` for a number known only by its keyed hash (an old opt-out link)."""
    return Suppression.objects.create(phone_hash=key, reason=reason)
