"""A new customer signs up inside a shop's login, is offered SMS 2FA (once), turns it on with
the marketing box ticked, and `next` brings them back to the authorization each step."""

from urllib.parse import quote

from conftest import PASSWORD, PHONE, last_code, verify_email_by_code
from zgoda.consent.models import Purpose
from zgoda.consent.tests.conftest import box_value, terms_value

from .conftest import authorize_url, code_of, exchange, grant, log_in_with_code


def test_signup_then_2fa_with_marketing_then_back_to_the_shop(client, shop, db):
    url, verifier = authorize_url(shop)
    assert client.get(url)["Location"] == f"/accounts/login/?next={quote(url, safe='/')}"
    signup = client.post("/accounts/signup/", {
        "email": "ewa@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "consent_terms": terms_value(), "next": url,
    })
    assert signup.status_code == 302 and signup["Location"] == "/accounts/confirm-email/"
    assert verify_email_by_code(client, "ewa@example.com")["Location"] == url

    offer = client.get(url)  # logged in, no 2FA yet: offered once, with the way back
    assert offer.status_code == 302 and offer["Location"] == f"/accounts/2fa/sms/?next={quote(url, safe='')}"
    enroll_page = client.get(offer["Location"])
    assert f'name="next" value="{url}"'.replace("&", "&amp;") in enroll_page.content.decode()
    sent = client.post("/accounts/2fa/sms/", {
        "phone": "500 100 200", "consent_sms_marketing": box_value(Purpose.SMS_MARKETING), "next": url,
    })
    assert sent["Location"] == f"/accounts/2fa/sms/confirm/?next={quote(url, safe='')}"
    _, code = last_code(PHONE)
    confirmed = client.post("/accounts/2fa/sms/confirm/", {"code": code, "next": url})
    assert confirmed["Location"] == url

    tokens = exchange(client, shop, code_of(grant(client, url)), verifier)
    assert tokens["id_token"]
    userinfo = client.get("/identity/o/api/userinfo", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}").json()
    assert userinfo["phone_number_verified"] is True
    assert userinfo["zgoda_consents"]["sms_marketing"]["granted"] is True


def test_not_now_skips_2fa_and_the_offer_is_made_once(client, shop, user):
    url, _ = authorize_url(shop)
    client.force_login(user)
    assert client.get(url)["Location"].startswith("/accounts/2fa/sms/?next=")
    page = client.get(f"/accounts/2fa/sms/?next={quote(url, safe='')}").content.decode()
    assert 'data-testid="skip-twofa"' in page
    assert client.get(url).status_code == 200  # "not now" goes straight back: the consent page


def test_a_next_to_another_site_is_ignored(client, user):
    client.force_login(user)
    page = client.get("/accounts/2fa/sms/?next=https://evil.example/").content.decode()
    assert 'data-testid="skip-twofa"' not in page and 'name="next" value="https://evil' not in page


def test_a_changed_consent_text_is_asked_inside_the_shops_login_and_the_shop_sees_the_new_version(client, shop,
                                                                                                   customer):
    from zgoda.consent.tests.conftest import publish

    new = publish(Purpose.SMS_MARKETING, "2.0", change_note="Dodaliśmy SMS-y o nowościach.")
    url, verifier = authorize_url(shop)
    client.get(url)
    review = log_in_with_code(client, next_url=url)
    assert review.status_code == 302 and review["Location"].startswith("/accounts/consents/review/")
    page = client.get(review["Location"])
    assert "Dodaliśmy SMS-y o nowościach." in page.content.decode()
    assert "http://localhost:8001" in page["Content-Security-Policy"]  # its form may lead back to the shop
    back = client.post(review["Location"], {"choice": "grant", "version": str(new.pk), "next": url})
    assert back.status_code == 302 and back["Location"] == url

    tokens = exchange(client, shop, code_of(grant(client, url)), verifier)
    userinfo = client.get("/identity/o/api/userinfo", HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}").json()
    assert userinfo["zgoda_consents"]["sms_marketing"]["granted"] is True
    assert userinfo["zgoda_consents"]["sms_marketing"]["version"] == "2.0"
