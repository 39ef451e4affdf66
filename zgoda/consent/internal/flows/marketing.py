"""What a person does with the marketing consent on their own page: grant, withdraw,
remove the number, answer a material change of the text."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zgoda.accounts.api import has_twofa

from ...models import Action, ConsentState, ConsentText, Purpose, Source
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
        contact = contacts.contact_or_2fa_number(user, via="account_settings")
        if contact is None:
            return Outcome(False, _("Najpierw potwierdź numer telefonu: włącz logowanie dwuetapowe SMS. Nic nie zapisano."))
        if ledger.holds(user, Purpose.SMS_MARKETING):
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
    version a material change superseded, they haven't said "not now" to it, and a number exists."""
    state = ledger.state_of(user, Purpose.SMS_MARKETING)
    if state is None or not state.granted:
        return None
    newer = texts.superseding_text(state.text)
    if newer is None or state.dismissed_text_id == newer.pk:
        return None
    if contacts.contact_of(user) is None and not has_twofa(user):
        return None
    return newer


def dismiss_reconsent(user, text: ConsentText) -> None:
    """"Not now": remembered for this version; the old consent stays invalid."""
    ConsentState.objects.filter(user=user, purpose=Purpose.SMS_MARKETING).update(dismissed_text=text)
