"""Each code carries its number of the day for the user; only the newest one is valid."""

from django.contrib.auth import SESSION_KEY

from conftest import PHONE, last_code, login_password, sms_to
from zgoda.accounts.models import DailyCodeCounter, OneTimeCode

from .conftest import CHALLENGE, page, resend, submit_code


def test_first_code_of_the_day_is_number_one_in_sms_and_page(pending_login):
    assert sms_to(PHONE)[0].startswith("Zgoda: kod nr 1 z dzis: ")
    assert sms_to(PHONE)[0].endswith(". Nie podawaj go nikomu.")
    assert "Wpisz kod nr 1" in page(pending_login.get(CHALLENGE))


def test_resent_code_is_number_two_in_sms_and_page(clock, pending_login):
    clock.advance(seconds=31)
    resend(pending_login)
    assert [int(t.split("kod nr ")[1].split()[0]) for t in sms_to(PHONE)] == [1, 2]
    assert "Wpisz kod nr 2" in page(pending_login.get(CHALLENGE))


def test_older_fresh_code_is_rejected_naming_both_numbers(clock, pending_login):
    _, first = last_code()
    clock.advance(seconds=31)
    resend(pending_login)
    response = submit_code(pending_login, first)
    assert response.status_code == 400
    assert "To kod nr 1 - wpisz najnowszy kod nr 2" in page(response)
    assert SESSION_KEY not in pending_login.session


def test_newest_code_passes_after_an_older_one_was_rejected(clock, pending_login, user_2fa):
    _, first = last_code()
    clock.advance(seconds=31)
    resend(pending_login)
    submit_code(pending_login, first)
    submit_code(pending_login, last_code()[1])
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_numbering_continues_across_logins_of_the_same_day(client, user_2fa):
    from .conftest import log_in_fully

    log_in_fully(client)
    client.post("/accounts/logout/")
    login_password(client)
    assert last_code()[0] == 2
    assert "Wpisz kod nr 2" in page(client.get(CHALLENGE))


def test_numbering_restarts_after_local_midnight_in_warsaw(client, user_2fa, clock):
    clock.set_local(2026, 1, 15, 23, 58, 0)  # 22:58 UTC
    login_password(client)
    clock.set_local(2026, 1, 15, 23, 58, 31)
    resend(client)
    assert last_code()[0] == 2
    clock.set_local(2026, 1, 16, 0, 0, 5)  # 23:00:05 UTC: still Jan 15 in UTC
    assert clock.now.date().day == 15
    resend(client)
    assert last_code()[0] == 1
    assert "Wpisz kod nr 1" in page(client.get(CHALLENGE))
    days = dict(DailyCodeCounter.objects.values_list("day", "count"))
    assert {str(d): c for d, c in days.items()} == {"2026-01-15": 2, "2026-01-16": 1}


def test_just_before_local_midnight_is_still_the_same_day(client, user_2fa, clock):
    clock.set_local(2026, 7, 1, 0, 0, 1)  # 22:00:01 UTC the day before
    login_password(client)
    clock.set_local(2026, 7, 1, 23, 59, 59)
    resend(client)
    assert last_code()[0] == 2
    assert str(OneTimeCode.objects.order_by("-created_at").first().day) == "2026-07-01"


def test_numbers_are_counted_per_user(client, user_2fa, clock):
    from django.test import Client

    from conftest import make_user

    other_phone = "+48600700800"
    make_user("bob@example.com", phone=other_phone)
    login_password(client)
    clock.advance(seconds=31)
    resend(client)
    login_password(Client(), email="bob@example.com")
    assert last_code(other_phone)[0] == 1
