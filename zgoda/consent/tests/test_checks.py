"""System checks: the enrollment form must collect consents; invitation links must lead somewhere."""

from django.core import checks

from zgoda.consent.checks import enrollment_form_collects_consents, public_url_set_in_production


def test_our_enrollment_form_passes(settings):
    assert enrollment_form_collects_consents(None) == []


def test_an_enrollment_form_without_consents_is_flagged(settings):
    settings.ZGODA_ENROLLMENT_FORM = "zgoda.accounts.enrollment.BaseEnrollmentForm"
    (warning,) = enrollment_form_collects_consents(None)
    assert warning.id == "zgoda.consent.W001" and warning.level == checks.WARNING


def test_an_enrollment_form_that_cannot_be_imported_is_an_error(settings):
    settings.ZGODA_ENROLLMENT_FORM = "zgoda.consent.forms.Missing"
    (error,) = enrollment_form_collects_consents(None)
    assert error.id == "zgoda.consent.E001"


def test_localhost_public_url_is_flagged_in_deploy_checks(settings):
    settings.DEBUG = False
    settings.ZGODA_PUBLIC_URL = "http://localhost:8000"
    assert [w.id for w in public_url_set_in_production(None)] == ["zgoda.consent.W002"]
    settings.ZGODA_PUBLIC_URL = "https://sklep.example.pl"
    assert public_url_set_in_production(None) == []
