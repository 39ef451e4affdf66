"""A granted consent kept off the list says why by the suppression entry that blocks it now,
not by the newest entry on its number: a network report that a later login's code lifted is
no reason (nor is its "your next login lifts the block" hint) while an opt-out older than it
still holds. The number's overview (its privacy page, its download, a shop's look-up) names
the same entry; with no consent left on the number, a network report is no reason at all, and
an account's withdrawal made after the number's own withdrawal (and a later grant that lifted
it) is the reason, worded as a withdrawal "in the shop", which is no suppression entry."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import PHONE
from zgoda.accounts.signals import number_proved
from zgoda.consent import api
from zgoda.consent.internal.flows import contacts, ledger, marketing, validity
from zgoda.consent.models import Action, ConsentEvent, Purpose, Source, Suppression
from zgoda.lib import dates
from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

from .conftest import current, page


def why(body: str) -> str:
    return " ".join(body.split('data-testid="why-blocked">')[1].split("</p>")[0].split())


def later(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_an_opt_out_that_holds_is_named_not_a_network_report_a_login_lifted(client, user_2fa):
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(user_2fa, PHONE, via="twofa_enrollment")
    with later(1):  # an opt-out entry the consent predates (e.g. re-applied from the erasure journal)
        opted_out = contacts.suppress(PHONE, reason="optout_link")
    with later(2):
        number_proved.send(None, user=user_2fa, phone=PHONE, purpose="login")
    with later(3):
        recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    with later(4):  # the next login's code lifts the network's report, never the opt-out
        number_proved.send(None, user=user_2fa, phone=PHONE, purpose="login")
    assert list(Suppression.objects.order_by("id").values_list("reason", flat=True)) == [
        "optout_link", UNKNOWN_SUBSCRIBER]
    assert validity.blocked_reason(user_2fa) == "suppressed"

    at = dates.when(opted_out.created_at, words=True, language="pl")
    client.force_login(user_2fa)
    for url in ("/accounts/consents/", "/accounts/privacy/"):
        body = page(client.get(url))
        assert why(body) == f"Ten numer wypisano z listy linkiem z SMS-a {at}.", url
        assert 'data-testid="unblock-hint"' not in body, url
    overview = api.number_overview(PHONE)
    assert overview["on_list"] is False and overview["suppressed"] is True
    assert overview["suppression"] == {"reason": "optout_link", "at": opted_out.created_at}


def test_a_network_report_on_a_number_with_no_consent_left_is_no_reason(user_2fa):
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(user_2fa, PHONE, via="twofa_enrollment")
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    assert api.number_overview(PHONE)["suppression"]["reason"] == UNKNOWN_SUBSCRIBER  # it pauses the consent
    assert api.withdraw_account(None, user_2fa, label="Wycofuję zgodę")
    withdrawn = ConsentEvent.objects.filter(action=Action.WITHDRAWN).get()
    overview = api.number_overview(PHONE)  # the account's withdrawal is the reason, not the report
    assert overview == {"on_list": False, "consents": [], "suppressed": False,
                        "suppression": {"reason": "shop", "at": withdrawn.created_at}}
    assert api.number_consents(PHONE)["suppressed"] is False


def test_a_withdrawal_by_number_after_only_a_network_report_is_recorded_as_one(user_2fa):
    """A STOP, the number's page or a shop's API after the account had withdrawn: nothing is left
    to end, but the number's withdrawal is what stands now (and what the shops' feed hears)."""
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(user_2fa, PHONE, via="twofa_enrollment")
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)
    api.withdraw_account(None, user_2fa, label="Wycofuję zgodę")
    assert api.withdraw_number(PHONE, "sms_reply") == 0
    assert list(Suppression.objects.order_by("id").values_list("reason", flat=True)) == [
        UNKNOWN_SUBSCRIBER, "sms_reply"]
    assert api.number_overview(PHONE)["suppression"]["reason"] == "sms_reply"
    api.withdraw_number(PHONE, "optout_link")  # one more adds nothing: a withdrawal stands already
    assert Suppression.objects.count() == 2


def test_an_account_withdrawal_after_a_later_grant_is_named_not_the_number_entry_the_grant_lifted(user_2fa):
    """Withdrawn on the number's page, granted again in the account, withdrawn in the account:
    the portal's entry is older than the grant, so it holds nothing; the account's withdrawal
    does (no suppression entry of its own, so not "suppressed"). A withdrawal by number after
    it records its entry again, as no withdrawal entry stands since the grant."""
    ledger.record(user_2fa, Purpose.SMS_MARKETING, Action.GRANTED, current(Purpose.SMS_MARKETING),
                  Source.TWOFA_ENROLLMENT, phone=PHONE)
    contacts.set_contact(user_2fa, PHONE, via="twofa_enrollment")
    with later(1):
        assert api.withdraw_number(PHONE, "privacy_portal") == 1
    with later(2):
        assert marketing.grant(None, user_2fa, current(Purpose.SMS_MARKETING).pk).ok
        assert api.number_overview(PHONE)["on_list"] is True
    with later(3):
        assert api.withdraw_account(None, user_2fa, label="Wycofuję zgodę", source=Source.ACCOUNT_SETTINGS)
    withdrawn = ConsentEvent.objects.filter(action=Action.WITHDRAWN).latest("id")
    overview = api.number_overview(PHONE)
    assert overview["suppression"] == {"reason": "shop", "at": withdrawn.created_at}
    assert overview["suppressed"] is False and api.number_consents(PHONE)["suppressed"] is False
    with later(4):
        assert api.withdraw_number(PHONE, "sms_reply") == 0
    assert list(Suppression.objects.order_by("id").values_list("reason", flat=True)) == ["privacy_portal", "sms_reply"]
    overview = api.number_overview(PHONE)
    assert overview["suppression"]["reason"] == "sms_reply" and overview["suppressed"] is True
