"""Section 3: numbers are stored as E.164, PL by default, mobile only, each mistake named."""

import pytest
from django.core.exceptions import ValidationError

from zgoda.lib.phone import masked, parse_mobile


@pytest.mark.parametrize(
    "typed",
    ["500 100 200", "500100200", "+48 500-100-200", "+48500100200", "0048500100200", " (+48) 500 100 200 "],
)
def test_polish_mobile_in_any_common_spelling_is_stored_as_e164(typed):
    phone = parse_mobile(typed)
    assert phone.e164 == "+48500100200"
    assert phone.region == "PL"


def test_number_without_country_code_is_read_as_polish():
    assert parse_mobile("600 700 800").e164 == "+48600700800"


def _error(typed):
    with pytest.raises(ValidationError) as caught:
        parse_mobile(typed)
    return caught.value.code, " ".join(caught.value.messages)


def test_letters_are_not_a_number():
    code, message = _error("abc")
    assert code == "not_a_number"
    assert message == "To nie jest numer telefonu. Wpisz np. 500 100 200 albo +48 500 100 200."


@pytest.mark.parametrize("typed", ["12", "500 100", "500 100 20", "+48 500 10"])
def test_too_few_digits_say_the_number_is_too_short(typed):
    code, message = _error(typed)
    assert code == "too_short"
    assert message == "Numer jest za krótki."


@pytest.mark.parametrize("typed", ["500 100 2000", "500 100 200 12", "+48 5001002001234"])
def test_too_many_digits_say_the_length_is_wrong(typed):
    code, message = _error(typed)
    assert code == "wrong_length"
    assert message == "Numer ma złą długość."


@pytest.mark.parametrize("typed", ["+48 22 123 45 67", "22 123 45 67", "+48 800 123 456"])
def test_landline_or_special_number_is_refused_as_not_mobile(typed):
    code, message = _error(typed)
    assert code == "not_mobile"
    assert "numer stacjonarny" in message and "komórkowy" in message


def test_empty_input_asks_for_a_number():
    code, message = _error("   ")
    assert code == "required"
    assert message == "Podaj numer telefonu komórkowego."


def test_german_mobile_is_refused_with_default_countries():
    code, message = _error("+49 151 23456789")
    assert code == "country_not_allowed"
    assert message == "Numery z tego kraju (DE) nie są obsługiwane."


def test_german_mobile_is_accepted_once_germany_is_allowed(settings):
    settings.ZGODA_ALLOWED_COUNTRIES = ["PL", "DE"]
    phone = parse_mobile("+49 151 23456789")
    assert (phone.e164, phone.region) == ("+4915123456789", "DE")
    assert parse_mobile("0049 151 23456789").e164 == "+4915123456789"


def test_allowing_another_country_keeps_poland_working_only_if_listed(settings):
    settings.ZGODA_ALLOWED_COUNTRIES = ["DE"]
    code, _ = _error("500 100 200")
    assert code == "country_not_allowed"


def test_allowed_countries_setting_is_case_insensitive(settings):
    settings.ZGODA_ALLOWED_COUNTRIES = ["pl", "de"]
    assert parse_mobile("+49 151 23456789").region == "DE"


def test_masked_number_shows_country_and_last_three_digits_only():
    assert masked("+48500100200") == "+48 *** *** 200"


def test_masked_hides_everything_of_an_unparseable_value():
    assert masked("not a number") == "***"


def test_right_length_outside_the_numbering_plan_is_named_as_such():
    code, message = _error("+48 999 999 999")
    assert code == "invalid"
    assert message == "Taki numer nie istnieje w planie numeracji."
