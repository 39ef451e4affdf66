"""A granted consent whose number is blocked says why in the words of what blocked it, with
when, on the consents page and the account's privacy page: the network reporting the number
inactive is not "unsubscribed (link, STOP)"."""

from django.utils import timezone, translation

from conftest import PHONE
from zgoda.lib import dates
from zgoda.consent.internal.flows import contacts, ledger, validity
from zgoda.consent.models import Action, Purpose, Source, Suppression
from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

from .conftest import current, page


def why(body: str) -> str:
    return " ".join(body.split('data-testid="why-blocked">')[1].split("</p>")[0].split())


def test_a_number_the_network_reported_inactive_is_said_to_be_so(client, user_2fa):
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(user_2fa, PHONE, via="twofa_enrollment")
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    assert validity.blocked_reason(user_2fa) == "suppressed"
    at = timezone.localtime(Suppression.objects.get().created_at)
    client.force_login(user_2fa)
    for url in ("/accounts/consents/", "/accounts/privacy/"):
        body = page(client.get(url))
        assert "numer zablokowany" in body
        assert why(body) == f"Operator zgłosił {dates.when(at, words=True, language='pl')}, że ten numer nie jest aktywny.", url
        assert "STOP" not in why(body)
        assert "blokadę zdejmie najbliższe logowanie kodem SMS wysłanym na ten numer" in body, url
        with translation.override("en"):
            english = why(page(client.get(url, HTTP_ACCEPT_LANGUAGE="en")))
            assert english == (f"On {dates.when(at, words=True, language='en')} the network operator reported "
                               "that this number is not active."), url
            assert "If this number works, your next login with an SMS code sent to it lifts the block." in page(
                client.get(url, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_number_blocked_by_a_stop_reply_is_not_said_to_unblock_at_login(client, user_2fa):
    """A STOP is the person's own "no": a login's code does not lift it, so no such hint."""
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(user_2fa, PHONE, via="twofa_enrollment")
    contacts.suppress(PHONE, reason="sms_reply")
    assert validity.blocked_reason(user_2fa) == "suppressed"
    client.force_login(user_2fa)
    body = page(client.get("/accounts/consents/"))
    assert "odpowiedziano STOP" in why(body) and 'data-testid="unblock-hint"' not in body
