"""System check: the code SMS fits one GSM-7 segment and the code length is 4-10."""

import pytest

from zgoda.accounts.checks import otp_template_fits_one_segment


def ids(errors):
    return [e.id for e in errors]


def test_default_configuration_passes():
    assert otp_template_fits_one_segment(None) == []


@pytest.mark.parametrize("length", [4, 10])
def test_lengths_four_to_ten_pass(settings, length):
    settings.ZGODA_OTP_LENGTH = length
    assert otp_template_fits_one_segment(None) == []


@pytest.mark.parametrize("length", [3, 11, 0])
def test_length_outside_four_to_ten_is_refused(settings, length):
    settings.ZGODA_OTP_LENGTH = length
    assert ids(otp_template_fits_one_segment(None)) == ["zgoda.accounts.E001"]


def test_template_longer_than_one_segment_is_refused(settings):
    settings.ZGODA_OTP_TEMPLATE = "Kod {code} nr {number}. " + "x" * 150
    errors = otp_template_fits_one_segment(None)
    assert ids(errors) == ["zgoda.accounts.E004"]
    assert "GSM-7" in errors[0].msg


def test_template_just_fitting_with_the_longest_code_passes(settings):
    settings.ZGODA_OTP_LENGTH = 10
    # "999" and "888 888 888 8" (13 chars) are the longest fills: 160 septets exactly.
    settings.ZGODA_OTP_TEMPLATE = "{number}{code}" + "x" * (160 - 3 - 13)
    assert otp_template_fits_one_segment(None) == []
    settings.ZGODA_OTP_TEMPLATE += "x"
    assert ids(otp_template_fits_one_segment(None)) == ["zgoda.accounts.E004"]


def test_template_with_polish_letters_is_refused_with_a_transliterated_hint(settings):
    settings.ZGODA_OTP_TEMPLATE = "Zgoda: kod nr {number} z dziś: {code}."
    errors = otp_template_fits_one_segment(None)
    assert ids(errors) == ["zgoda.accounts.E004"]
    assert "UCS-2" in errors[0].msg
    assert "z dzis" in errors[0].hint


def test_template_without_the_code_is_refused(settings):
    settings.ZGODA_OTP_TEMPLATE = "Zgoda: kod nr {number}."
    assert "zgoda.accounts.E003" in ids(otp_template_fits_one_segment(None))


def test_broken_template_is_refused(settings):
    settings.ZGODA_OTP_TEMPLATE = "Zgoda: {kod}"
    assert ids(otp_template_fits_one_segment(None)) == ["zgoda.accounts.E002"]


def test_extension_characters_count_twice(settings):
    settings.ZGODA_OTP_LENGTH = 10
    settings.ZGODA_OTP_TEMPLATE = "{number}{code}" + "€" * 72  # 3 + 13 + 144 septets = 160
    assert otp_template_fits_one_segment(None) == []
    settings.ZGODA_OTP_TEMPLATE += "€"
    assert ids(otp_template_fits_one_segment(None)) == ["zgoda.accounts.E004"]


def test_check_is_registered_with_django(settings):
    from django.core.checks import run_checks

    settings.ZGODA_OTP_TEMPLATE = "Zgoda: kod {code}, nie podawaj go nikomu. Żółć."
    assert "zgoda.accounts.E004" in ids(run_checks())


def test_a_zero_sms_limit_is_refused_by_a_system_check(settings):
    from zgoda.accounts.checks import code_limits_are_positive

    settings.ZGODA_SMS_LIMITS_PER_IP = [(0, 3600)]
    errors = code_limits_are_positive(None)
    assert [e.id for e in errors] == ["zgoda.accounts.E005"]
    settings.ZGODA_SMS_LIMITS_PER_IP = [(20, 3600)]
    assert code_limits_are_positive(None) == []
