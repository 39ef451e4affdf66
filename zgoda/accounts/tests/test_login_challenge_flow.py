from django.contrib.auth import SESSION_KEY

from conftest import PHONE, last_code, login_password, sms_to


def test_password_of_2fa_user_leads_to_sms_step_and_sends_one_code(pending_login):
    assert len(sms_to(PHONE)) == 1
    assert SESSION_KEY not in pending_login.session


def test_correct_code_completes_login(pending_login, user_2fa):
    _, code = last_code()
    response = pending_login.post("/accounts/2fa/challenge/", {"code": code})
    assert response.status_code == 302
    assert pending_login.session[SESSION_KEY] == str(user_2fa.pk)


def test_challenge_page_shows_masked_number_and_expected_ordinal(pending_login):
    page = pending_login.get("/accounts/2fa/challenge/").content.decode()
    assert "+48 *** *** 200" in page
    assert "Wpisz kod nr 1" in page


def test_user_without_2fa_logs_in_with_password_alone(client, user):
    response = login_password(client)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    assert sms_to(PHONE) == []
