"""Each scope gives its claims and no others; `granted` follows the marketing audience
exactly (a withdrawal or a STOP suppression turns it false); the number falls back to the
marketing number when 2FA is off."""

from allauth.idp.oidc.adapter import get_adapter

from zgoda.consent import api as consent
from zgoda.consent.internal.flows import validity


def claims(user, shop, *scopes):
    return get_adapter().get_claims("userinfo", user, shop, scopes)


def test_openid_alone_is_the_subject_only(shop, customer):
    assert claims(customer, shop, "openid") == {"sub": str(customer.pk)}


def test_email_scope(shop, customer):
    assert claims(customer, shop, "openid", "email") == {
        "sub": str(customer.pk), "email": "anna@example.com", "email_verified": True}


def test_phone_scope_gives_the_2fa_number_confirmed_by_code(shop, customer):
    got = claims(customer, shop, "openid", "phone")
    assert got["phone_number"] == "+48500100200" and got["phone_number_verified"] is True
    assert "zgoda_consents" not in got and "email" not in got


def test_no_number_no_phone_claim(shop, user):
    assert "phone_number" not in claims(user, shop, "openid", "phone")


def test_the_marketing_number_stands_in_when_2fa_is_off(client, shop, customer):
    from zgoda.accounts.models import SmsTwoFactor

    SmsTwoFactor.objects.filter(user=customer).delete()
    got = claims(customer, shop, "openid", "phone")
    assert got["phone_number"] == "+48500100200" and got["phone_number_verified"] is True


def test_consents_claim_follows_the_audience(shop, customer):
    granted = claims(customer, shop, "openid", "consents")["zgoda_consents"]["sms_marketing"]
    assert granted["granted"] is True and granted["version"] == "1.0" and granted["since"]
    assert validity.marketing_valid(customer)

    consent.withdraw_number("+48500100200", "sms_reply")
    assert not validity.marketing_valid(customer)
    assert claims(customer, shop, "openid", "consents")["zgoda_consents"] == {
        "sms_marketing": {"granted": False, "since": None, "version": None}}


def test_no_consent_is_not_granted(shop, user):
    assert claims(user, shop, "consents")["zgoda_consents"]["sms_marketing"]["granted"] is False
