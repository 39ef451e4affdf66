"""Resend from the challenge page: growing cooldown, 5 codes per login, 10 per user per day."""

from datetime import timedelta

from django.utils import timezone

from conftest import PHONE, last_code, login_password, sms_to
from zgoda.accounts.models import AuditEvent, CodeChallenge

from .conftest import CHALLENGE, page, resend


def test_resend_sends_a_new_code_without_the_password(clock, pending_login):
    clock.advance(seconds=31)
    response = resend(pending_login, follow=True)
    assert len(sms_to(PHONE)) == 2
    assert "Wysłaliśmy nowy kod nr 2." in page(response)


def test_page_refresh_never_sends_an_sms(clock, pending_login):
    for _ in range(5):
        clock.advance(seconds=40)
        assert pending_login.get(CHALLENGE).status_code == 200
    assert len(sms_to(PHONE)) == 1


def test_password_again_while_the_code_is_valid_reuses_it(clock, pending_login):
    clock.advance(seconds=60)
    response = login_password(pending_login)
    assert response["Location"] == CHALLENGE
    assert len(sms_to(PHONE)) == 1
    assert "Wpisz kod nr 1" in page(pending_login.get(CHALLENGE))


def test_resend_within_the_cooldown_is_refused_naming_when(clock, pending_login):
    sent_at = clock.now
    clock.advance(seconds=10)
    response = resend(pending_login, follow=True)
    assert len(sms_to(PHONE)) == 1
    at = timezone.localtime(sent_at + timedelta(seconds=30)).strftime("%H:%M:%S")
    assert f"Nowy kod możesz wysłać za 21 s (o\u00a0{at})." in page(response)
    assert AuditEvent.objects.filter(event="code_refused").exists()


def test_challenge_page_says_when_resend_becomes_possible(clock, pending_login):
    at = timezone.localtime(clock.now + timedelta(seconds=30)).strftime("%H:%M:%S")
    clock.advance(seconds=12)
    html = page(pending_login.get(CHALLENGE))
    assert f"Wyślij ponownie za 18 s (o\u00a0{at})" in html
    clock.advance(seconds=19)
    assert "Wyślij kod ponownie" in page(pending_login.get(CHALLENGE))


def test_cooldown_grows_30_60_120_seconds(clock, settings, pending_login):
    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(1000, 300)]  # this test is about the cooldown only
    waits = []
    for expected in (30, 60, 120):
        challenge = CodeChallenge.objects.get()
        waits.append(int((challenge.next_send_at - clock.now).total_seconds()))
        clock.advance(seconds=expected - 1)
        resend(pending_login)  # one second early: refused
        assert len(sms_to(PHONE)) == len(waits)
        clock.advance(seconds=1)
        resend(pending_login)
        assert len(sms_to(PHONE)) == len(waits) + 1
    assert waits == [30, 60, 120]


def test_at_most_five_codes_per_login(fast_resend, pending_login):
    for _ in range(4):
        resend(pending_login)
    assert len(sms_to(PHONE)) == 5
    response = resend(pending_login, follow=True)
    assert len(sms_to(PHONE)) == 5
    assert "Wysłaliśmy już 5 kod" in page(response)
    assert "Wykorzystano limit kodów w tej próbie." in page(response)


def test_codes_per_login_is_a_setting(fast_resend, pending_login):
    fast_resend.ZGODA_OTP_MAX_PER_LOGIN = 2
    resend(pending_login)
    resend(pending_login)
    assert len(sms_to(PHONE)) == 2


def test_at_most_ten_codes_per_user_per_day_naming_when(client, user_2fa, fast_resend, clock):
    fast_resend.ZGODA_OTP_MAX_PER_LOGIN = 100
    clock.set_local(2026, 3, 10, 14, 0)
    login_password(client)
    for _ in range(9):
        resend(client)
    assert len(sms_to(PHONE)) == 10
    response = resend(client, follow=True)
    assert len(sms_to(PHONE)) == 10
    assert "Wykorzystano dzisiejszy limit kodów SMS (10)." in page(response)
    assert "Kolejny kod będzie można wysłać 11 marca 2026 o\u00a000:00." in page(response)


def test_a_login_past_the_daily_limit_promises_no_code_and_says_when_in_words(client, user_2fa, fast_resend, clock):
    fast_resend.ZGODA_OTP_MAX_PER_USER_PER_DAY = 1
    clock.set_local(2026, 3, 10, 14, 0)
    login_password(client)
    client.post("/accounts/logout/")
    clock.advance(minutes=20)
    assert login_password(client)["Location"] == CHALLENGE
    assert len(sms_to(PHONE)) == 1, "the second login's code was refused"
    text = page(client.get(CHALLENGE))
    assert "Kody wysyłamy SMS-em na numer" in text and "Kod wyślemy" not in text
    assert "Nie wysłaliśmy jeszcze kodu." in text
    assert text.count("Kolejny kod będzie można wysłać 11 marca 2026 o\u00a000:00.") == 1, "why and when, once"
    english = page(client.get(CHALLENGE, HTTP_ACCEPT_LANGUAGE="en"))
    assert "We send codes by SMS to" in english and "The next code can be sent on March 11, 2026 at\u00a000:00" in english
    pressed = page(resend(client, follow=True, HTTP_ACCEPT_LANGUAGE="pl"))
    assert "Wykorzystano dzisiejszy limit kodów SMS (1)." in pressed, "one wording whatever the limit's number"


def test_daily_limit_holds_across_logins_and_frees_after_midnight(client, user_2fa, fast_resend, clock):
    fast_resend.ZGODA_OTP_MAX_PER_USER_PER_DAY = 3
    clock.set_local(2026, 3, 10, 22, 0)
    login_password(client)
    resend(client)
    client.post("/accounts/logout/")
    clock.advance(minutes=20)  # the first login's codes expired: a new login starts a new challenge
    login_password(client)
    resend(client)
    assert len(sms_to(PHONE)) == 3
    clock.set_local(2026, 3, 11, 0, 0, 1)
    resend(client)
    assert len(sms_to(PHONE)) == 4
    assert last_code()[0] == 1
