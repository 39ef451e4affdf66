"""The code page never offers an action a limit would refuse: with the number's limit used up
the resend button is disabled and says when it frees; with a limit of no known end (the day's
SMS spend cap) there is no button, only why; with no code ever sent, nothing to confirm; with
the login's last code dead, no "ask for a new code"."""

import re
from datetime import timedelta

from django.utils import timezone

from conftest import PHONE, login_password, sms_to

from .conftest import CHALLENGE, page, resend

ENABLED_RESEND = re.compile(r'<form method="post" action="/accounts/2fa/challenge/resend/" class="resend">\s*'
                            r'<input[^>]*>\s*<button type="submit" class="secondary">')
CONFIRM_DISABLED = '<button type="submit" class="primary" name="action" value="code" disabled>'


def _wrong_five_times(client):
    for _ in range(5):
        client.post(CHALLENGE, {"code": "000000"})


def test_with_the_numbers_limit_used_the_resend_is_disabled_until_it_frees(clock, settings, client, user_2fa):
    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(1, 600)]
    first = clock.now
    login_password(client)
    clock.advance(seconds=120)  # the cooldown is over, the number's 10 minutes are not
    body = page(client.get(CHALLENGE))
    at = timezone.localtime(first + timedelta(minutes=10)).strftime("%H:%M:%S")
    assert not ENABLED_RESEND.search(body)
    assert f"Wyślij ponownie o\u00a0{at}" in body and 'data-countdown="480"' in body
    _wrong_five_times(client)
    response = client.post(CHALLENGE, {"code": "000000"})
    assert "Za dużo błędnych prób dla kodu nr 1." in page(response)
    assert page(response).count(at) == 1, "the time is the resend button's to say, once"
    assert "Poproś o nowy kod poniżej" not in page(response)
    clock.now = first + timedelta(minutes=10, seconds=1)
    assert ENABLED_RESEND.search(page(client.get(CHALLENGE)))
    resend(client)
    assert len(sms_to(PHONE)) == 2


def test_with_a_refusal_of_no_known_end_there_is_no_resend_only_why(clock, settings, client, user_2fa):
    login_password(client)
    settings.ZGODA_ALLOWED_COUNTRIES = ["DE"]  # as the day's spend cap: no time to wait for
    clock.advance(seconds=120)
    body = page(client.get(CHALLENGE))
    assert not ENABLED_RESEND.search(body) and 'data-testid="resend-locked"' in body


def test_with_no_code_ever_sent_there_is_nothing_to_confirm(clock, settings, client, user_2fa):
    settings.ZGODA_ALLOWED_COUNTRIES = ["DE"]  # the first code is refused already
    response = login_password(client)
    assert response["Location"] == CHALLENGE and sms_to(PHONE) == []
    body = page(client.get(CHALLENGE))
    assert CONFIRM_DISABLED in body and "Nie wysłaliśmy jeszcze kodu." in body
    assert not ENABLED_RESEND.search(body) and 'data-testid="resend-locked"' in body


def test_after_the_logins_last_code_dies_the_page_says_start_over(clock, settings, client, user_2fa):
    settings.ZGODA_OTP_MAX_PER_LOGIN = 1
    login_password(client)
    _wrong_five_times(client)
    body = page(client.get(CHALLENGE))
    assert CONFIRM_DISABLED in body and "To był ostatni kod w tej próbie: zacznij od nowa." in body
    assert "Poproś o nowy kod poniżej" not in body and not ENABLED_RESEND.search(body)


def test_after_the_cooldown_the_page_asks_every_limit_outside_any_test_transaction(clock, client, transactional_db):
    """As a real request does (autocommit): the spend cap's check locks its row in a transaction
    of its own (PostgreSQL refuses a row lock outside one: the page answered 500)."""
    from conftest import make_user

    make_user(phone=PHONE)
    login_password(client)
    clock.advance(seconds=120)
    response = client.get(CHALLENGE)
    assert response.status_code == 200 and ENABLED_RESEND.search(page(response))


def test_a_login_waiting_for_its_code_offers_no_log_in_or_sign_up_in_the_header(pending_login):
    header = page(pending_login.get(CHALLENGE)).split("</header>")[0]
    assert "/accounts/login/" not in header and "/accounts/signup/" not in header
    assert "Anuluj logowanie" in page(pending_login.get(CHALLENGE)), "the page's own way out stays"
