"""Who a request is about: a phone number and the accounts it belongs to, or an account
and the numbers it used."""

from dataclasses import dataclass, field

import phonenumbers
from django.contrib.auth import get_user_model

from zgoda.accounts.models import SmsTwoFactor
from zgoda.consent.models import ConsentEvent, ContactPoint, phone_hash
from zgoda.lib.phone import DEFAULT_REGION, national_forms
from zgoda.sms.models import InboundMessage, Message


@dataclass
class Subject:
    phones: list[str] = field(default_factory=list)  # E.164
    users: list = field(default_factory=list)

    @property
    def user_ids(self) -> list[int]:
        return [u.pk for u in self.users]

    @property
    def hashes(self) -> list[str]:
        return [phone_hash(p) for p in self.phones]

    def forms(self) -> list[str]:
        """Every way the numbers may be written in our tables (E.164, without "+",
        national, spaced)."""
        found: list[str] = []
        for phone in self.phones:
            found.extend(national_forms(phone))
            found.append(phone.lstrip("+"))
        return list(dict.fromkeys(found))

    @property
    def empty(self) -> bool:
        return not self.phones and not self.users


def e164_or_blank(raw: str) -> str:
    """A number as a gateway or a campaign wrote it ("+48500100200", "48500100200",
    "500100200") in E.164, or "" when it is no valid number."""
    text = (raw or "").strip()
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    candidates = [text] if text.startswith("+") else ["+" + text, text]
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ""


def holders(phone: str) -> list:
    """Accounts that hold `phone` as their 2FA or marketing number."""
    ids = set(SmsTwoFactor.objects.filter(phone=phone).values_list("user_id", flat=True))
    ids |= set(ContactPoint.objects.filter(phone_hash=phone_hash(phone)).values_list("user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def phones_of(user) -> list[str]:
    """Numbers an account used: 2FA, marketing, and any written in its consent history."""
    phones = list(SmsTwoFactor.objects.filter(user=user).values_list("phone", flat=True))
    phones += ContactPoint.objects.filter(user=user).values_list("phone", flat=True)
    phones += ConsentEvent.objects.filter(user=user).exclude(phone="").values_list("phone", flat=True).distinct()
    return list(dict.fromkeys(p for p in phones if p))


def is_known(phone: str) -> bool:
    """Zgoda holds something about the number: an account, or SMS to or from it."""
    if SmsTwoFactor.objects.filter(phone=phone).exists():
        return True
    if ContactPoint.objects.filter(phone_hash=phone_hash(phone)).exists():
        return True
    if Message.objects.filter(to=phone).exists():
        return True
    return InboundMessage.objects.filter(sender__in=[phone, phone.lstrip("+")]).exists()


def of_phone(phone: str) -> Subject:
    users = holders(phone)
    phones = [phone]
    for user in users:
        phones.extend(phones_of(user))
    return Subject(phones=list(dict.fromkeys(phones)), users=users)


def of_user(user) -> Subject:
    """A logged-in person: their account and its numbers (another account sharing a number
    is not theirs to see or erase; the number holder can reach it through the portal)."""
    return Subject(phones=phones_of(user), users=[user])
