"""An expired code when the day's codes are used up: the page says the code no longer works,
why no new one can come (the daily limit) and when one can, each once."""

from django.utils import translation

from conftest import PHONE, last_code, login_password, sms_to

from .conftest import CHALLENGE, page, submit_code

DAILY = {"pl": "Wykorzystano dzisiejszy limit kodów SMS (1). Kolejny kod będzie można wysłać 11 marca 2026 o\u00a000:00.",
         "en": "Today’s limit of SMS codes (1) has been used up. The next code can be sent on March 11, 2026 at\u00a000:00."}


def _expired_at_the_daily_limit(clock, settings, client):
    settings.ZGODA_OTP_MAX_PER_USER_PER_DAY = 1
    clock.set_local(2026, 3, 10, 14, 0)
    login_password(client)
    assert len(sms_to(PHONE)) == 1
    clock.advance(minutes=6)  # the code expired, the cooldown is long over


def test_the_page_says_the_code_is_dead_why_and_when(clock, settings, user_2fa, client):
    _expired_at_the_daily_limit(clock, settings, client)
    text = page(client.get(CHALLENGE))
    assert text.count("Ten kod już nie zadziała.") == 1
    assert text.count(DAILY["pl"]) == 1, text
    assert "data-countdown=" not in text


def test_in_english_too(clock, settings, user_2fa, client):
    _expired_at_the_daily_limit(clock, settings, client)
    text = page(client.get(CHALLENGE, HTTP_ACCEPT_LANGUAGE="en"))
    with translation.override("en"):
        dead = translation.gettext("Ten kod już nie zadziała.")
    assert text.count(dead) == 1
    assert text.count(DAILY["en"]) == 1, text


def test_typing_the_expired_code_says_it_expired_and_why_no_new_one_once(clock, settings, user_2fa, client):
    _expired_at_the_daily_limit(clock, settings, client)
    text = page(submit_code(client, last_code()[1]))
    assert "Kod nr 1 wygasł." in text
    assert text.count(DAILY["pl"]) == 1, text
