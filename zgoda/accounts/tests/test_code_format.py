"""Code shape: digits, grouped by three in the SMS and on the page, typed any which way."""

import re

import pytest
from django.contrib.auth import SESSION_KEY

from conftest import PHONE, last_code, login_password, sms_to
from zgoda.accounts.codeformat import group, normalize
from zgoda.accounts.models import OneTimeCode

from .conftest import CHALLENGE, page, submit_code


def test_six_digit_code_is_written_as_two_groups_of_three_in_the_sms(pending_login):
    assert re.search(r"z dzis: \d{3} \d{3}\. ", sms_to(PHONE)[0])


def test_eight_digit_code_is_grouped_from_the_left(client, user_2fa, settings):
    settings.ZGODA_OTP_LENGTH = 8
    login_password(client)
    assert re.search(r"z dzis: \d{3} \d{3} \d{2}\. ", sms_to(PHONE)[0])
    assert "••• ••• ••" in page(client.get(CHALLENGE))


def test_four_digit_code_is_not_split(client, user_2fa, settings):
    settings.ZGODA_OTP_LENGTH = 4
    login_password(client)
    assert re.search(r"z dzis: \d{4}\. ", sms_to(PHONE)[0])


def test_page_placeholder_shows_the_grouped_shape(pending_login):
    assert 'placeholder="••• •••"' in page(pending_login.get(CHALLENGE))


@pytest.mark.parametrize("shape", ["{a} {b}", "{a}-{b}", " {a}  {b} ", "{a}{b}", "{a}\u00a0{b}"])
def test_code_is_accepted_with_or_without_spaces_or_dashes(pending_login, user_2fa, shape):
    _, code = last_code()
    submit_code(pending_login, shape.format(a=code[:3], b=code[3:]))
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_eight_digit_code_typed_as_in_the_sms_is_accepted(client, user_2fa, settings):
    settings.ZGODA_OTP_LENGTH = 8
    login_password(client)
    _, code = last_code()
    submit_code(client, f"{code[:3]}-{code[3:6]} {code[6:]}")
    assert client.session[SESSION_KEY] == str(user_2fa.pk)


@pytest.mark.parametrize("typed", ["12ab", "12345", "1234567", "abcdef"])
def test_wrong_shape_is_explained_and_costs_no_try(pending_login, typed):
    for _ in range(12):  # more than both wrong-try limits
        response = submit_code(pending_login, typed)
        assert response.status_code == 400
        assert "Kod składa się z 6 cyfr." in page(response)
    code = OneTimeCode.objects.get()
    assert code.wrong_attempts == 0 and not code.blocked
    assert code.challenge.wrong_attempts == 0
    submit_code(pending_login, last_code()[1])
    assert SESSION_KEY in pending_login.session


def test_empty_code_asks_for_the_code(pending_login):
    response = submit_code(pending_login, "")
    assert response.status_code == 400
    assert "Wpisz kod z SMS-a." in page(response)


def test_group_and_normalize_helpers():
    assert group("482913") == "482 913"
    assert group("12345678") == "123 456 78"
    assert group("1234567890") == "123 456 789 0"
    assert group("4829") == "4829"
    assert normalize("482 913") == normalize("482-913") == "482913"
