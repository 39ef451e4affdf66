"""Each language's code SMS (ZGODA_OTP_TEMPLATE, ZGODA_OTP_TEMPLATE_EN) must fit one GSM-7
segment; the built-in English one is plain GSM-7 with no Polish letters."""

from zgoda.accounts import app_settings
from zgoda.accounts.checks import otp_template_fits_one_segment
from zgoda.accounts.codeformat import group
from zgoda.sms import api as sms


def test_the_builtin_texts_of_every_language_fit_one_gsm7_segment(settings):
    settings.ZGODA_OTP_LENGTH = 10
    assert otp_template_fits_one_segment(None) == []
    english = app_settings.otp_template("en")
    assert english != app_settings.otp_template("pl")
    assert sms.fits_one_segment_gsm7(english.format(number=999, code=group("8" * 10)))
    assert not set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ") & set(english)


def test_a_too_long_english_template_fails_the_check_by_name(settings):
    settings.ZGODA_OTP_TEMPLATE_EN = "Zgoda: code no. {number} of today: {code}. " + "x" * 130
    errors = otp_template_fits_one_segment(None)
    assert [e.id for e in errors] == ["zgoda.accounts.E004"]
    assert errors[0].msg.startswith("ZGODA_OTP_TEMPLATE_EN ")


def test_an_english_template_without_the_code_or_broken_fails(settings):
    settings.ZGODA_OTP_TEMPLATE_EN = "Zgoda: code no. {number}."
    assert [e.id for e in otp_template_fits_one_segment(None)] == ["zgoda.accounts.E003"]
    settings.ZGODA_OTP_TEMPLATE_EN = "Zgoda: {kod}"
    assert [e.id for e in otp_template_fits_one_segment(None)] == ["zgoda.accounts.E002"]


def test_the_operators_english_template_is_the_one_sent_in_english(settings):
    settings.ZGODA_OTP_TEMPLATE_EN = "Shop: your code {code} (no. {number})"
    assert app_settings.otp_template("en") == "Shop: your code {code} (no. {number})"
    assert app_settings.otp_template("pl") == app_settings.OTP_TEMPLATES["pl"]
    assert app_settings.otp_template("de") == app_settings.OTP_TEMPLATES["pl"]  # a language Zgoda lacks
