"""What a person does with the marketing consent on their own page: grant, withdraw,
remove the number, answer a material change of the text."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, CharField, DateTimeField, Exists, F, IntegerField, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from zgoda.accounts.api import has_twofa
from zgoda.lib.prepared import Param, Prepared

from ...models import Action, ConsentState, ConsentText, ContactPoint, Purpose, Source, phone_hash
from . import contacts, ledger, texts


@dataclass
class Outcome:
    ok: bool
    message: str


def grant(request, user, text_id, source=Source.ACCOUNT_SETTINGS) -> Outcome:
    current = texts.current_text(Purpose.SMS_MARKETING)
    if current is None:
        return Outcome(False, _("Sklep nie opublikował jeszcze treści tej zgody. Nic nie zapisano."))
    if str(text_id) != str(current.pk):
        return Outcome(False, _("Treść zgody zmieniła się w międzyczasie. Przeczytaj aktualną wersję i spróbuj ponownie."))
    with transaction.atomic():
        contact = contacts.contact_of(user)
        had_number = contact is not None
        contact = contact or contacts.contact_from_2fa_number(user, via="account_settings")
        if contact is None:
            return Outcome(False, _("Najpierw potwierdź numer telefonu: włącz logowanie dwuetapowe SMS. Nic nie zapisano."))
        if ledger.holds(user, Purpose.SMS_MARKETING):
            if not had_number:  # the consent stood without a number: it has the 2FA number again
                return Outcome(True, _("Zgoda była już udzielona. Dopisaliśmy do niej numer z logowania dwuetapowego."))
            return Outcome(False, _("Ta zgoda jest już udzielona."))
        ledger.record(user, Purpose.SMS_MARKETING, Action.GRANTED, current, source,
                      request=request, label=current.label, phone=contact.phone)
    return Outcome(True, _("Dziękujemy. Zgoda na SMS-y marketingowe jest udzielona."))


def withdraw(request, user, label="", source=Source.ACCOUNT_SETTINGS) -> Outcome:
    with transaction.atomic():
        state = ledger.state_of(user, Purpose.SMS_MARKETING)
        if state is None or not state.granted:
            return Outcome(False, _("Nie masz zgody na SMS-y marketingowe, więc nie ma czego wycofywać."))
        contact = contacts.contact_of(user)
        ledger.record(user, Purpose.SMS_MARKETING, Action.WITHDRAWN, state.text, source,
                      request=request, label=label, phone=contact.phone if contact else "")
        if contact is not None:
            # No reason left to keep the marketing copy (2FA keeps its own number).
            contacts.remove_contact(user)
    return Outcome(True, _("Zgoda na SMS-y marketingowe została wycofana. Nie wyślemy Ci już reklam SMS."))


def remove_number(request, user, withdraw_too: bool, label="") -> Outcome:
    with transaction.atomic():
        if contacts.contact_of(user) is None:
            return Outcome(False, _("Nie mamy Twojego numeru do SMS-ów marketingowych."))
        if withdraw_too and ledger.state_of(user, Purpose.SMS_MARKETING) is not None:
            withdraw(request, user, label=label)
        contacts.remove_contact(user)
    if withdraw_too:
        return Outcome(True, _("Numer usunięty, a zgoda na SMS-y marketingowe wycofana."))
    return Outcome(True, _("Numer usunięty. Zgoda pozostaje zapisana, ale bez numeru nie wyślemy Ci SMS-ów."))


def reconsent_pending(user) -> ConsentText | None:
    """The newer version to ask about at login: the person's marketing consent rests on a
    version a material change superseded, they haven't said "not now" to it, and a number exists.
    When a code to the person's number was just typed back (on_number_proved) the first part
    was read then, with the number's re-confirmation."""
    newer_id = getattr(user, _RECONSENT_READ, _NOT_READ)
    if newer_id is _NOT_READ:
        newer_id = (_UNANSWERED_NEWER.first(user_id=user.pk, now=timezone.now()) or {}).get("newer")
    if newer_id is None:
        return None
    if contacts.contact_of(user) is None and not has_twofa(user):
        return None
    return ConsentText.objects.filter(pk=newer_id).first()


# reconsent_pending's read, stashed on the user object (of this request) by on_number_proved.
_RECONSENT_READ, _NOT_READ = "_zgoda_reconsent_text_id", object()


def _unanswered_newer(states, now="now"):
    """Per state (a granted marketing consent): the current version of its text's language when
    a material version newer than its text was published (texts.is_superseded) by the Param
    `now`, unless the person said "not now" to that version; else NULL."""
    published = ConsentText.objects.filter(purpose=OuterRef("purpose"), language=OuterRef("text__language"),
                                           published_at__lte=Param(now, DateTimeField()))
    material_after = published.filter(material=True).filter(
        Q(published_at__gt=OuterRef("text__published_at"))
        | Q(published_at=OuterRef("text__published_at"), pk__gt=OuterRef("text_id")))
    newest = published.order_by("-published_at", "-id").values("pk")[:1]
    return (states.filter(purpose=Purpose.SMS_MARKETING, granted=True)
            .annotate(newer=Case(When(Exists(material_after), then=Subquery(newest)), default=None))
            .filter(newer__isnull=False).exclude(dismissed_text_id=F("newer")).values("newer")[:1])


_UNANSWERED_NEWER = Prepared(lambda: _unanswered_newer(ConsentState.objects.filter(
    user_id=Param("user_id", IntegerField()))))
_AT_PROOF = Prepared(lambda: get_user_model().objects.filter(pk=Param("user_id", IntegerField())).annotate(
    _contact=Exists(ContactPoint.objects.filter(user_id=OuterRef("pk"), phone_hash=Param("phone_hash", CharField()))),
    _newer=Subquery(_unanswered_newer(ConsentState.objects.filter(user_id=OuterRef("pk")))),
).values("_contact", "_newer")[:1])


def on_number_proved(user, phone: str, read: dict | None = None) -> None:
    """A code SMS to `phone` was typed back by `user` (a login, an enrollment...): their
    marketing number, if it is that number, is confirmed again (contacts.reconfirm); read
    with it, in one statement, what reconsent_pending asks at login. `read`: what the code
    check read for us (with_code_check), when it did."""
    if user is None or user.pk is None or not phone:
        return
    now = timezone.now()
    if read and _CONTACT in read and _NEWER in read:
        read = {"_contact": read[_CONTACT], "_newer": read[_NEWER]}
    else:
        read = _AT_PROOF.first(user_id=user.pk, phone_hash=phone_hash(phone), now=now)
    if read is None:
        return
    setattr(user, _RECONSENT_READ, read["_newer"])
    if read["_contact"]:
        contacts.reconfirm(user, phone, at=now)


# on_number_proved's read done by the login's code check (accounts.api.read_with_code_check),
# over the code's row: its account and the number it went to (matched by the number itself,
# whose hash ContactPoint.save keeps beside it).
_CONTACT, _NEWER = "_read_consent_contact", "_read_consent_newer"


def with_code_check() -> dict:
    return {
        _CONTACT: Exists(ContactPoint.objects.filter(user_id=OuterRef("user_id"), phone=OuterRef("phone"))),
        _NEWER: Subquery(_unanswered_newer(ConsentState.objects.filter(user_id=OuterRef("user_id")), now="consent_now")),
    }


def with_code_check_values() -> dict:
    return {"consent_now": timezone.now()}


def dismiss_reconsent(user, text: ConsentText) -> None:
    """"Not now": remembered for this version; the old consent stays invalid."""
    ConsentState.objects.filter(user=user, purpose=Purpose.SMS_MARKETING).update(dismissed_text=text)
