"""Whatever happened to a number and in whichever order, its page names the reason that keeps
it off the list now, and the number's download says the same ("on_list", "suppressed",
"suppression"): the operator's report that the number is inactive stops being the reason once
a login's code proved the number again, a withdrawal made after it is named instead, and a
consent given after a withdrawal puts the number back on the list, no longer "suppressed". A
withdrawal in the account (its consents page or its own privacy page) is the one that holds
after it, worded as made "in the shop" (nothing tells the number's holder that an account
uses the number), never the older withdrawal here that the account's later grant lifted; it
is no suppression entry, so the download says "suppressed": false."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from conftest import PHONE, last_code
from zgoda.accounts.tests.conftest import log_in_fully
from zgoda.consent.models import Action, ConsentEvent, Purpose, Suppression, phone_hash
from zgoda.consent.tests.conftest import box_value
from zgoda.lib import dates
from zgoda.sms import inbound
from zgoda.sms.providers.base import Inbound
from zgoda.sms.signals import UNKNOWN_SUBSCRIBER, recipient_unreachable

from .conftest import CODE, ME, PORTAL, consenting, page

SENTENCES = {
    "unknown_subscriber": "Operator zgłosił {at}, że ten numer nie jest aktywny.",
    "privacy_portal": "Zgodę na SMS-y marketingowe na ten numer wycofano na stronie prywatności {at}.",
    "sms_reply": "Z tego numeru odpowiedziano STOP na SMS {at}.",
    "shop": "Zgodę na SMS-y marketingowe na ten numer wycofano w sklepie {at}.",
}


def proved_on_the_portal() -> Client:
    holder = Client()
    holder.post(PORTAL, {"phone": "500 100 200"})
    _, code = last_code(PHONE)
    assert holder.post(CODE, {"code": code})["Location"] == ME
    return holder


def block(person, holder):
    """The network reports the number inactive (a refused SMS, a failed delivery report)."""
    recipient_unreachable.send(sender=None, phone=PHONE, provider="outbox", reason=UNKNOWN_SUBSCRIBER)


def login_with_code(person, holder):
    """The account's holder logs in with an SMS code to the number: the report no longer holds."""
    log_in_fully(Client())


def withdraw_here(person, holder):
    holder.post("/privacy/me/withdraw/")


def withdraw_in_the_account(person, holder):
    """On the account's own privacy page (it keeps no marketing copy of the number after)."""
    account = Client()
    account.force_login(person)
    assert account.post("/accounts/privacy/withdraw/").status_code == 302


def withdraw_in_the_account_settings(person, holder):
    """On the account's consents page."""
    account = Client()
    account.force_login(person)
    account.post("/accounts/consents/marketing/", {"action": "withdraw"})


def grant_again_in_the_account(person, holder):
    account = Client()
    account.force_login(person)
    account.post("/accounts/consents/marketing/", {"action": "grant", "version": box_value(Purpose.SMS_MARKETING)})


def stop_reply(person, holder):
    inbound.receive("outbox", Inbound(sender=PHONE, recipient="Zgoda", text="STOP"))


def why(body: str) -> str | None:
    if 'data-testid="why-not-on-list"' not in body:
        return None
    return " ".join(body.split('data-testid="why-not-on-list">')[1].split("</p>")[0].split())


def said_at(reason: str):
    """When the withdrawal named as `reason` was made: the newest of its kind."""
    if reason == "shop":  # the account's withdrawal: a ledger row, no suppression entry
        return ConsentEvent.objects.filter(purpose=Purpose.SMS_MARKETING, action=Action.WITHDRAWN).latest("id").created_at
    return Suppression.objects.filter(phone_hash=phone_hash(PHONE), reason=reason).latest("created_at", "id").created_at


def said(reason: str) -> str:
    return SENTENCES[reason].format(at=dates.when(said_at(reason), words=True, language="pl"))


def json_time(moment) -> str:
    return json.loads(json.dumps(moment, cls=DjangoJSONEncoder))


# Each step and what the page and the download say after it: (on the list?, the reason named).
ORDERS = {
    "lifted_block_then_withdrawn_here": [
        (block, False, "unknown_subscriber"), (login_with_code, True, None), (withdraw_here, False, "privacy_portal")],
    "withdrawn_here_without_a_block": [(withdraw_here, False, "privacy_portal")],
    "block_not_lifted_then_withdrawn_here": [
        (block, False, "unknown_subscriber"), (withdraw_here, False, "privacy_portal")],
    "withdrawn_here_then_granted_again_in_the_account": [
        (withdraw_here, False, "privacy_portal"), (grant_again_in_the_account, True, None)],
    "lifted_block_then_withdrawn_in_the_account": [
        (block, False, "unknown_subscriber"), (login_with_code, True, None), (withdraw_in_the_account, False, "shop")],
    "lifted_block_withdrawn_in_the_account_then_stop": [
        (block, False, "unknown_subscriber"), (login_with_code, True, None), (withdraw_in_the_account, False, "shop"),
        (stop_reply, False, "sms_reply")],
    "withdrawn_here_granted_again_then_withdrawn_in_the_account_settings": [
        (withdraw_here, False, "privacy_portal"), (grant_again_in_the_account, True, None),
        (withdraw_in_the_account_settings, False, "shop")],
    "withdrawn_here_granted_again_then_withdrawn_on_the_accounts_privacy_page": [
        (withdraw_here, False, "privacy_portal"), (grant_again_in_the_account, True, None),
        (withdraw_in_the_account, False, "shop")],
    "withdrawn_here_granted_again_withdrawn_in_the_account_then_here_again": [
        (withdraw_here, False, "privacy_portal"), (grant_again_in_the_account, True, None),
        (withdraw_in_the_account_settings, False, "shop"), (withdraw_here, False, "privacy_portal")],
    "withdrawn_here_granted_again_withdrawn_in_the_account_then_stop": [
        (withdraw_here, False, "privacy_portal"), (grant_again_in_the_account, True, None),
        (withdraw_in_the_account_settings, False, "shop"), (stop_reply, False, "sms_reply")],
}


@pytest.mark.parametrize("order", ORDERS)
def test_in_every_order_the_page_and_the_download_name_the_reason_that_holds_now(db, order):
    person = consenting()
    holder = proved_on_the_portal()
    for step, on_list, reason in ORDERS[order]:
        step(person, holder)
        body = page(holder.get(ME))
        download = json.loads(holder.post("/privacy/me/download/").content)["sms_marketing"]
        where = f"after {step.__name__}"
        assert ("ten numer jest na liście" in body) is on_list, where
        assert download["on_list"] is on_list, where
        assert why(body) == (said(reason) if reason else None), where
        assert "Operator zgłosił" not in body or reason == "unknown_subscriber", where
        assert "na stronie prywatności" not in body or reason == "privacy_portal", where
        # "suppressed": a suppression entry holds; an account's withdrawal is none.
        assert download["suppressed"] is (reason not in (None, "shop")), where
        assert (download["suppression"] or {}).get("reason") == reason, where
        if reason is not None:
            assert download["suppression"]["at"] == json_time(said_at(reason)), where
