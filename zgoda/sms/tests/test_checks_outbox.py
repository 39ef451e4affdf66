"""System check: the dev outbox is refused with DEBUG off unless explicitly allowed."""

from zgoda.sms.checks import outbox_only_in_development, sender_name_present


def ids(errors):
    return [e.id for e in errors]


def test_outbox_with_debug_off_is_refused(settings):
    settings.DEBUG = False
    settings.ZGODA_DEV_OUTBOX = True
    settings.ZGODA_ALLOW_OUTBOX_IN_PRODUCTION = False
    assert ids(outbox_only_in_development(None)) == ["zgoda.sms.E001"]


def test_outbox_provider_alone_with_debug_off_is_refused(settings):
    settings.DEBUG = False
    settings.ZGODA_DEV_OUTBOX = False
    settings.ZGODA_SMS_PROVIDERS = ["outbox"]
    settings.ZGODA_ALLOW_OUTBOX_IN_PRODUCTION = False
    assert ids(outbox_only_in_development(None)) == ["zgoda.sms.E001"]


def test_outbox_with_debug_off_is_accepted_when_explicitly_allowed(settings):
    settings.DEBUG = False
    settings.ZGODA_DEV_OUTBOX = True
    settings.ZGODA_ALLOW_OUTBOX_IN_PRODUCTION = True
    assert outbox_only_in_development(None) == []


def test_outbox_with_debug_on_is_fine(settings):
    settings.DEBUG = True
    settings.ZGODA_DEV_OUTBOX = True
    settings.ZGODA_ALLOW_OUTBOX_IN_PRODUCTION = False
    assert outbox_only_in_development(None) == []


def test_real_provider_with_debug_off_is_fine(settings):
    settings.DEBUG = False
    settings.ZGODA_DEV_OUTBOX = False
    settings.ZGODA_SMS_PROVIDERS = ["smsapi"]
    settings.ZGODA_ALLOW_OUTBOX_IN_PRODUCTION = False
    assert outbox_only_in_development(None) == []


def test_sender_name_must_be_one_to_eleven_characters(settings):
    settings.ZGODA_SMS_SENDER = ""
    assert ids(sender_name_present(None)) == ["zgoda.sms.E002"]
    settings.ZGODA_SMS_SENDER = "SklepZgoda12"
    assert ids(sender_name_present(None)) == ["zgoda.sms.E002"]
    settings.ZGODA_SMS_SENDER = "SklepZgoda1"
    assert sender_name_present(None) == []


def test_check_is_registered_with_django(settings):
    from django.core.checks import run_checks

    settings.DEBUG = False
    settings.ZGODA_DEV_OUTBOX = True
    settings.ZGODA_ALLOW_OUTBOX_IN_PRODUCTION = False
    assert "zgoda.sms.E001" in ids(run_checks())
