"""When a limit refuses a login's code SMS, the code page says so in its own language.

The code page speaks the account's language (the password step switches the browser's pages
to it: language.follow_account), so the refusal that the password step leaves for it must be
worded in that language too, not in the language the login page was in; the code page's own
resend refusals, a reload and the language switcher keep to one language as well."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import PHONE, login_password, make_user, sms_to
from zgoda.accounts.models import AccountLanguage

from .conftest import CHALLENGE, page, resend

# What each limit says, in each language; the page's own words, to tell which language it is in.
SAYS = {
    "per_day": {"pl": "Wykorzystano dzisiejszy limit kodów SMS (1).",
                "en": "Today’s limit of SMS codes (1) has been used up."},
    "per_number": {"pl": "Na ten numer wysłaliśmy już za dużo kodów.",
                   "en": "We have already sent too many codes to this number."},
    "hourly_cap": {"pl": "Wysyłamy teraz wyjątkowo dużo kodów SMS",
                   "en": "We are sending an unusually large number of SMS codes right now"},
    "spend_cap": {"pl": "dzisiejszy limit wydatków na SMS-y z kodami został wyczerpany",
                  "en": "today’s spending limit for code SMS has been reached"},
}
PAGE = {"pl": "Kody wysyłamy SMS-em na numer", "en": "We send codes by SMS to"}
OTHER = {"pl": "en", "en": "pl"}


@pytest.fixture
def limited(db, settings, fast_resend, clock):
    """A way to reach each limit before a login's code: `reach(limit)` after one code went."""
    clock.set_local(2026, 3, 10, 14, 0)
    patches = []

    def reach(limit):
        if limit == "per_day":
            settings.ZGODA_OTP_MAX_PER_USER_PER_DAY = 1
        elif limit == "per_number":
            settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(1, 3600)]
        elif limit == "hourly_cap":
            settings.ZGODA_SMS_CODES_PER_HOUR = 1
        else:  # a code SMS would cost more than the day's cap on codes leaves
            settings.ZGODA_SMS_OTP_DAILY_SPEND_CAP = "0.5"
            patched = mock.patch("zgoda.sms.costs.estimate", return_value=Decimal("1"))
            patched.start()
            patches.append(patched)

    yield reach
    for patched in patches:
        patched.stop()


def speaking(lang):
    person = make_user(phone=PHONE)
    AccountLanguage.objects.create(user=person, language=lang)
    return person


def browser_in(lang, how):
    """A fresh browser whose pages are in `lang`: by what it tells (Accept-Language) or by
    the language cookie a visit to the site left."""
    if how == "accept_language":
        return Client(HTTP_ACCEPT_LANGUAGE=lang)
    browser = Client()
    browser.cookies["django_language"] = lang
    return browser


def refused_login(limited, clock, limit, browser_language, how="accept_language", statements=None):
    """A login whose code a limit refuses: one earlier login's code went, then the limit is
    reached, and a new login from a fresh browser in `browser_language` gives the password
    (its statements appended to `statements`)."""
    assert login_password(Client()).status_code == 302
    assert len(sms_to(PHONE)) == 1
    clock.advance(minutes=20)  # that code expired: the new login needs a new code
    limited(limit)
    browser = browser_in(browser_language, how)
    with CaptureQueriesContext(connection) as captured:
        response = login_password(browser)
    if statements is not None:
        statements.extend(q["sql"] for q in captured.captured_queries)
    assert response.status_code == 302 and response["Location"] == CHALLENGE
    assert len(sms_to(PHONE)) == 1, "the second login's code was refused"
    return browser


def assert_in_language(text, lang, limit):
    assert PAGE[lang] in text, text
    assert PAGE[OTHER[lang]] not in text
    assert SAYS[limit][OTHER[lang]] not in text, f"a {OTHER[lang]} refusal on a {lang} page"


@pytest.mark.parametrize("limit", list(SAYS))
@pytest.mark.parametrize(("account", "how"), [("en", "accept_language"), ("pl", "accept_language"), ("en", "cookie")])
def test_a_login_code_refused_at_the_password_step_is_told_in_the_code_pages_language(
        db, limited, clock, limit, account, how):
    speaking(account)
    browser = refused_login(limited, clock, limit, OTHER[account], how)
    text = page(browser.get(CHALLENGE))
    assert_in_language(text, account, limit)
    assert SAYS[limit][account] in text


def test_the_daily_limit_refusal_says_its_day_in_the_code_pages_language(db, limited, clock):
    speaking("en")
    browser = refused_login(limited, clock, "per_day", "pl")
    text = page(browser.get(CHALLENGE))
    assert "The next code can be sent on March 11, 2026 at\u00a000:00." in text, text
    assert "marca" not in text


@pytest.mark.parametrize("account", ["en", "pl"])
def test_a_reload_and_the_language_switcher_show_no_refusal_in_the_other_language(db, limited, clock, account):
    speaking(account)
    browser = refused_login(limited, clock, "spend_cap", OTHER[account])  # a limit the page words on every view
    first = page(browser.get(CHALLENGE))
    assert_in_language(first, account, "spend_cap")
    assert first.count(SAYS["spend_cap"][account]) == 1, "said once: why no resend (no message repeating it)"
    again = page(browser.get(CHALLENGE))
    assert_in_language(again, account, "spend_cap")
    assert again.count(SAYS["spend_cap"][account]) == 1, "still said after a reload: why no resend"
    switched = page(browser.post("/i18n/setlang/", {"language": OTHER[account], "next": CHALLENGE}, follow=True))
    assert_in_language(switched, OTHER[account], "spend_cap")
    assert SAYS["spend_cap"][OTHER[account]] in switched


@pytest.mark.parametrize("account", ["en", "pl"])
def test_a_resend_refused_on_the_code_page_is_told_in_its_language_before_and_after_a_switch(
        db, limited, clock, account):
    speaking(account)
    browser = browser_in(OTHER[account], "accept_language")
    assert login_password(browser).status_code == 302
    assert len(sms_to(PHONE)) == 1
    limited("per_number")
    text = page(resend(browser, follow=True))
    assert len(sms_to(PHONE)) == 1
    assert SAYS["per_number"][account] in text
    assert SAYS["per_number"][OTHER[account]] not in text
    browser.post("/i18n/setlang/", {"language": OTHER[account], "next": CHALLENGE})
    text = page(resend(browser, follow=True))
    assert SAYS["per_number"][OTHER[account]] in text
    assert SAYS["per_number"][account] not in text


def test_the_refusals_language_is_the_account_language_read_with_the_challenge(db, limited, clock):
    """Wording the refusal in the login's language costs no statement: the account's language
    comes with the challenge's locked read (codes.py), and the code page's switch reuses it."""
    speaking("en")
    statements = []
    browser = refused_login(limited, clock, "per_number", "pl", statements=statements)
    assert browser.cookies["django_language"].value == "en"
    assert [sql for sql in statements if sql.startswith('SELECT "accounts_accountlanguage"')] == []
