"""Why no code can be sent or typed (the account's code step locked, the day's codes used up)
is read from the database on every view of the code page: still said after a reload, once."""

from conftest import PHONE, login_password, sms_to
from zgoda.accounts.models import CodeFailureStreak

from .conftest import CHALLENGE, page, resend

LOCKED = "logowanie kodem zostało zablokowane"
DAILY = "Wykorzystano dzisiejszy limit kodów SMS (2). Kolejny kod będzie można wysłać 11 marca 2026 o\u00a000:00."


def test_a_code_step_locked_meanwhile_is_said_on_every_view(clock, pending_login, user_2fa):
    CodeFailureStreak.objects.create(user=user_2fa, count=100, locked_at=clock.now)  # by another login's wrong codes
    clock.advance(seconds=5)
    for _ in range(2):
        text = page(pending_login.get(CHALLENGE))
        assert text.count(LOCKED) == 1, text
        assert "data-countdown=" not in text


def test_a_login_refused_for_a_locked_code_step_says_why_once_on_every_view(clock, user_2fa, client):
    CodeFailureStreak.objects.create(user=user_2fa, count=100, locked_at=clock.now)
    login_password(client)
    for _ in range(2):
        text = page(client.get(CHALLENGE))
        assert text.count(LOCKED) == 1, text


def test_the_daily_limit_reached_by_a_resend_is_said_on_every_view(clock, fast_resend, client, user_2fa):
    fast_resend.ZGODA_OTP_MAX_PER_USER_PER_DAY = 2
    clock.set_local(2026, 3, 10, 14, 0)
    login_password(client)
    resend(client)
    assert len(sms_to(PHONE)) == 2
    for _ in range(2):
        text = page(client.get(CHALLENGE))
        assert text.count(DAILY) == 1, text
        assert "data-countdown=" not in text


def test_a_login_refused_at_the_daily_limit_says_why_once_on_every_view(clock, fast_resend, client, user_2fa):
    fast_resend.ZGODA_OTP_MAX_PER_USER_PER_DAY = 2
    clock.set_local(2026, 3, 10, 14, 0)
    login_password(client)
    resend(client)
    client.post("/accounts/logout/")
    clock.advance(minutes=20)
    login_password(client)
    assert len(sms_to(PHONE)) == 2
    for _ in range(2):
        text = page(client.get(CHALLENGE))
        assert text.count(DAILY) == 1, text
        assert "Nie wysłaliśmy jeszcze kodu." in text
