"""A verification sends a numbered code, a wrong code keeps it pending, the right one
approves it (and proves the number through accounts' number_proved); the code never travels
back; another key does not see it; a second start reuses the open one without an SMS."""

import logging

from conftest import last_code, sms_to
from zgoda.accounts.signals import number_proved

from .conftest import CUSTOMER


def test_start_sends_a_numbered_code_and_the_right_one_approves(api, caplog):
    proved = []
    number_proved.connect(lambda sender, **kw: proved.append(kw), weak=False, dispatch_uid="test-api-proved")
    caplog.set_level(logging.DEBUG)
    try:
        started = api.post("/verifications", {"phone": "500 300 400", "purpose": "confirm_number"})
        assert started.status_code == 201, started.content
        body = started.json()
        assert body["status"] == "pending" and body["code_number"] == 1 and body["expires_at"]
        ordinal, code = last_code(CUSTOMER)
        assert ordinal == 1 and code not in started.content.decode()

        wrong = "000000" if code != "000000" else "111111"
        checked = api.post(f"/verifications/{body['id']}/check", {"code": wrong})
        assert checked.json() == {"status": "pending", "code_number": 1}
        assert proved == []

        checked = api.post(f"/verifications/{body['id']}/check", {"code": code[:3] + " " + code[3:]})
        assert checked.status_code == 200 and checked.json() == {"status": "approved", "code_number": 1}
        # consent confirms what this key posted (`read`: what accounts read with the code for consent)
        assert [{name: value for name, value in p.items() if name != "read"} for p in proved] == [
            {"signal": number_proved, "user": None, "phone": CUSTOMER, "purpose": "api", "api_key_id": api.key.pk}]
        again = api.post(f"/verifications/{body['id']}/check", {"code": code})
        assert again.json()["status"] == "approved" and len(proved) == 1
        assert api.get(f"/verifications/{body['id']}").json()["status"] == "approved"
    finally:
        number_proved.disconnect(dispatch_uid="test-api-proved")
    assert code not in caplog.text


def test_another_key_gets_404(api, make_api):
    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"}).json()
    other = make_api("verifications", name="Inny sklep")
    response = other.post(f"/verifications/{started['id']}/check", {"code": last_code(CUSTOMER)[1]})
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert other.get(f"/verifications/{started['id']}").status_code == 404
    assert api.get(f"/verifications/{started['id']}").json()["status"] == "pending"


def test_a_second_start_reuses_the_open_verification_without_an_sms(api):
    first = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"})
    second = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"})
    assert first.status_code == 201 and second.status_code == 200
    assert second.json()["id"] == first.json()["id"] and len(sms_to(CUSTOMER)) == 1


def test_a_code_of_the_wrong_shape_is_a_problem_and_costs_no_try(api):
    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"}).json()
    response = api.post(f"/verifications/{started['id']}/check", {"code": "12"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "code"


def test_too_many_wrong_codes_block_it(api, settings):
    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"}).json()
    _, code = last_code(CUSTOMER)
    wrong = "000000" if code != "000000" else "111111"
    statuses = [api.post(f"/verifications/{started['id']}/check", {"code": wrong}).json()["status"]
                for _ in range(settings.ZGODA_OTP_MAX_WRONG_PER_CODE)]
    assert statuses[-1] == "too_many_attempts" and set(statuses[:-1]) == {"pending"}
    assert api.post(f"/verifications/{started['id']}/check", {"code": code}).json()["status"] == "too_many_attempts"


def test_an_expired_code_says_expired(api, settings):
    import time_machine
    from django.utils import timezone

    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"}).json()
    _, code = last_code(CUSTOMER)
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=settings.ZGODA_OTP_TTL_SECONDS + 1)):
        assert api.post(f"/verifications/{started['id']}/check", {"code": code}).json()["status"] == "expired"


def test_resend_waits_for_the_cooldown(api):
    started = api.post("/verifications", {"phone": CUSTOMER, "purpose": "login"}).json()
    response = api.post(f"/verifications/{started['id']}/resend")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.json()["type"] == "urn:zgoda:problem:sms-limit"


def test_the_code_sms_speaks_the_language_asked_for(api):
    assert api.post("/verifications", {"phone": CUSTOMER, "purpose": "login", "language": "en"}).status_code == 201
    [text] = sms_to(CUSTOMER)
    assert "code no. 1 of today" in text, text
