"""Someone who proved only a number learns its consent, since when and the text agreed to, and
where it was given in general terms (RODO art. 15, 14(2)(f)), never that an account uses the
number or turned on 2FA with it: on the number's page and in its download a consent given in
an account (turning on 2FA, the account's settings, signing up, the re-consent step, staff, an
import) and one the shop collected on its own form (through its API, no account) read alike,
"in the shop", and so does a withdrawal made in the account. The account's own pages keep the
precise source."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.utils import timezone

from conftest import PHONE, last_code, make_user
from zgoda.consent.models import Source
from zgoda.consent.tests.number_only import number_only
from zgoda.lib import dates

from .conftest import CODE, ME, PORTAL, consenting, grant, page

OTHER = "+48600200300"
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
ACCOUNT_WORDS = ("2FA", "ustawienia konta", "rejestracja", "ponowna zgoda", "panel administracyjny", "import",
                 "API sklepu", "account settings", "sign-up", "renewed consent", "admin panel", "Shop API")
LEDGER_SLUGS = ("twofa_enrollment", "account_settings", "signup", "reconsent", "admin", "import", '"api"')


def proved(phone: str, digits: str, **extra) -> Client:
    holder = Client(**extra)
    holder.post(PORTAL, {"phone": digits})
    _, code = last_code(phone)
    assert holder.post(CODE, {"code": code})["Location"] == ME
    return holder


def wheres(body: str) -> list[str]:
    return re.findall(r"<dt>(?:Gdzie|Where)</dt><dd>([^<]*)</dd>", body)


def card(body: str) -> str:
    """The list's section of the number's page: status, why, and each consent."""
    return " ".join(body.split('data-testid="list-status"')[1].split("</section>")[0].split())


def download(holder: Client) -> dict:
    return json.loads(holder.post("/privacy/me/download/").content)["sms_marketing"]


@pytest.mark.parametrize("source", [Source.TWOFA_ENROLLMENT, Source.ACCOUNT_SETTINGS, Source.SIGNUP,
                                    Source.RECONSENT, Source.ADMIN, Source.IMPORT])
def test_a_consent_given_in_an_account_reads_in_the_shop_on_the_page_and_in_the_download(db, source):
    person = consenting()
    grant(person, "sms_marketing", PHONE, source=source)
    holder = proved(PHONE, "500 100 200")
    polish, english = page(holder.get(ME)), page(holder.get(ME, **ENGLISH))
    assert wheres(polish) == ["w sklepie"] and wheres(english) == ["in the shop"]
    for word in ACCOUNT_WORDS:
        assert word not in card(polish) and word not in card(english), word
    marketing = download(holder)
    assert [consent["source"] for consent in marketing["consents"]] == ["shop"]
    raw = json.dumps(marketing)
    for slug in LEDGER_SLUGS:
        assert slug not in raw, slug


def test_the_page_and_download_read_the_same_with_an_account_or_only_a_shops_form_behind_the_number(db):
    with time_machine.travel(timezone.now(), tick=False):
        consenting()  # an account that turned on 2FA with the number and consented there
        number_only(OTHER)  # no account: the shop posted the consent through its API
        with_account, without = proved(PHONE, "500 100 200"), proved(OTHER, "600 200 300")
        for extra in ({}, ENGLISH):
            assert card(page(with_account.get(ME, **extra))) == card(page(without.get(ME, **extra)))
        assert download(with_account) == download(without)


def test_a_withdrawal_in_the_account_reads_as_made_in_the_shop(db):
    person = consenting()
    holder = proved(PHONE, "500 100 200")
    account = Client()
    account.force_login(person)
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        account.post("/accounts/consents/marketing/", {"action": "withdraw"})
        at = timezone.now()
    english = card(page(holder.get(ME, **ENGLISH)))
    assert f"The SMS marketing consent for this number was withdrawn in the shop on " \
           f"{dates.when(at, words=True, language='en')}." in english
    assert "account" not in english and "settings" not in english
    assert download(holder)["suppression"] == {"reason": "shop", "at": json.loads(json.dumps(at, cls=DjangoJSONEncoder))}


def test_the_accounts_own_pages_keep_where_it_was_given(client, db):
    person = make_user("ola@example.com", phone=PHONE)
    grant(person, "sms_marketing", PHONE, source=Source.TWOFA_ENROLLMENT)
    client.force_login(person)
    assert "włączenie 2FA" in page(client.get("/accounts/privacy/"))
