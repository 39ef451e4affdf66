"""/privacy/: a number, then a code. The same answers whether Zgoda knows the number or
not, no SMS to an unknown number, the login's code rules and limits; odd formats,
wrong, expired and reused codes get a clear message and change nothing."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from conftest import PHONE, last_code, sms_to
from zgoda.accounts.models import CodeChallenge, OneTimeCode
from zgoda.lib.personal_data import Number
from zgoda.privacy.internal.flows import subject
from zgoda.privacy.models import DataSubjectRequest
from zgoda.sms.models import Message

from .conftest import CODE, ME, PORTAL, consenting, page

UNKNOWN = "+48600999888"


def ask(client, phone):
    return client.post(PORTAL, {"phone": phone})


def wrong(code):
    return str((int(code) + 1) % 10 ** len(code)).zfill(len(code))


@pytest.fixture
def known(db):
    return consenting()


def test_known_number_gets_one_code_sms_in_gsm7(client, known):
    response = ask(client, "500 100 200")
    assert response.status_code == 302 and response["Location"] == CODE
    assert len(sms_to(PHONE)) == 1
    message = Message.objects.get(to=PHONE)
    assert message.kind == "otp" and message.encoding == "GSM-7" and message.segments == 1
    challenge = CodeChallenge.objects.get(purpose="privacy")
    assert challenge.user is None and challenge.phone == PHONE  # a number proves a number, not the account


def test_unknown_number_gets_no_sms_and_the_same_page(client, known):
    to_known = ask(client, "500 100 200")
    known_page = page(client.get(CODE)).replace("+48 *** *** 200", "NUMER")
    other = type(client)()
    to_unknown = ask(other, "600 999 888")
    unknown_page = page(other.get(CODE)).replace("+48 *** *** 888", "NUMER")
    assert (to_known.status_code, to_known["Location"]) == (to_unknown.status_code, to_unknown["Location"])
    def strip(body):  # the CSRF token differs per session; the countdown by the clock's second
        body = re.sub(r"\d\d:\d\d:\d\d", "HH:MM:SS", re.sub(r"za \d+ s", "za N s", body))
        return "\n".join(line for line in body.splitlines() if "csrfmiddlewaretoken" not in line)

    assert strip(known_page) == strip(unknown_page)
    assert sms_to(UNKNOWN) == [] and not Message.objects.filter(to=UNKNOWN).exists()
    # A stand-in challenge, as for a known number, whose one SMS was never sent and costs nothing.
    stand_in = CodeChallenge.objects.get(phone=UNKNOWN)
    withheld = OneTimeCode.objects.get(challenge=stand_in).message
    assert (withheld.to, withheld.status, withheld.cost, withheld.clear_text) == ("", "expired", 0, "")


def test_wrong_codes_answer_alike_for_known_and_unknown_numbers(client, known):
    ask(client, "500 100 200")
    _, code = last_code(PHONE)
    other = type(client)()
    ask(other, "600 999 888")
    for attempt in range(5):
        a = client.post(CODE, {"code": wrong(code)})
        b = other.post(CODE, {"code": wrong(code)})
        assert a.status_code == b.status_code == 400
        error_a = page(a).split('role="alert">')[1].split("<")[0]
        error_b = page(b).split('role="alert">')[1].split("<")[0]
        assert error_a == error_b, attempt
    assert "Za dużo błędnych prób dla tego kodu" in error_a
    assert "nr" not in error_a  # naming the code's number would tell the number is known
    assert "Wyślij nowy kod" not in error_a  # the resend is still in its cooldown: its button says when


def test_an_expired_code_is_said_without_offering_a_resend_the_cooldown_still_holds(client, known, settings):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 600
    ask(client, "500 100 200")
    _, code = last_code(PHONE)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=6)):
        text = page(client.post(CODE, {"code": code}))
    assert "Kod wygasł." in text and "Wyślij nowy kod" not in text


def test_resend_cooldown_answers_alike(client, known):
    ask(client, "500 100 200")
    other = type(client)()
    ask(other, UNKNOWN)
    for c in (client, other):
        response = c.post("/privacy/code/resend/", follow=True)
        assert "Nowy kod możesz wysłać za" in page(response)
    assert len(sms_to(PHONE)) == 1


def test_right_code_opens_the_data_and_logs_an_access_request(client, known):
    ask(client, "+48 500-100-200")
    _, code = last_code(PHONE)
    response = client.post(CODE, {"code": code})
    assert response["Location"] == ME
    body = page(client.get(ME))
    assert "ten numer jest na liście" in body
    assert "@" not in body  # no e-mail of the account, not even masked ("a***@example.com")
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.kind, dsr.channel, dsr.status) == ("access", "portal", "done")
    assert (dsr.deadline - dsr.received_at) >= timedelta(days=28)
    assert (dsr.user_id, dsr.phone, dsr.subject_hash) == (None, "", subject.hash_of(Number(PHONE)))


def test_reused_code_is_refused(client, known):
    ask(client, "500 100 200")
    _, code = last_code(PHONE)
    client.post(CODE, {"code": code})
    other = type(client)()
    other.post(PORTAL, {"phone": "500 100 200"})  # a new try: a new code is needed
    response = other.post(CODE, {"code": code})
    assert response.status_code == 400 and other.get(ME)["Location"] == PORTAL


def test_expired_code_is_refused(client, known):
    ask(client, "500 100 200")
    _, code = last_code(PHONE)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(CODE, {"code": code})
    assert response.status_code == 400 and "Kod wygasł" in page(response)
    assert client.get(ME)["Location"] == PORTAL


def test_malformed_code_costs_no_try(client, known):
    ask(client, "500 100 200")
    response = client.post(CODE, {"code": "12ab"})
    assert response.status_code == 400 and "Kod składa się z 6 cyfr" in page(response)
    assert CodeChallenge.objects.get().wrong_attempts == 0


@pytest.mark.parametrize("typed, error", [
    ("", "Podaj numer telefonu komórkowego."),
    ("abc", "To nie jest numer telefonu"),
    ("500 100", "Numer jest za krótki."),
    ("22 123 45 67", "To numer stacjonarny lub specjalny"),
    ("+1 202 555 0143", "Numery z tego kraju (US) nie są obsługiwane."),
    ("5" * 12, "Numer ma złą długość"),
    ("5" * 40, "co najwyżej 32"),
    ("<script>alert(1)</script>", "To nie jest numer telefonu"),
])
def test_odd_numbers_get_a_clear_message_and_nothing_is_sent(client, known, typed, error):
    response = client.post(PORTAL, {"phone": typed})
    assert response.status_code == 400 and error in page(response)
    assert not Message.objects.exists() and not CodeChallenge.objects.exists()
    assert "<script>alert" not in response.content.decode()


def test_a_second_try_reuses_the_valid_code_and_costs_no_sms(client, known):
    for _ in range(3):
        type(client)().post(PORTAL, {"phone": "500 100 200"})
    assert len(sms_to(PHONE)) == 1


def test_per_number_limit_of_non_owners_applies_and_answers_alike(client, known, settings):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    other = type(client)()
    ask(client, "500 100 200")
    ask(other, UNKNOWN)
    answers = []
    for c in (client, other):
        answers.append([page(c.post("/privacy/code/resend/", follow=True)).count("za dużo kodów") for _ in range(3)])
    # the second code used up the 5 minutes: its page already says why no third can go yet
    assert answers[0] == answers[1] == [1, 1, 1]
    assert len(sms_to(PHONE)) == 2  # 2 per 5 minutes: the portal draws on the smaller budget of non-owners
    assert sms_to(UNKNOWN) == []


def test_data_page_needs_the_code_and_expires(client, known, settings):
    assert client.get(ME)["Location"] == PORTAL
    assert client.get(CODE)["Location"] == PORTAL
    assert client.post("/privacy/me/download/")["Location"] == PORTAL
    assert client.post("/privacy/me/withdraw/")["Location"] == PORTAL
    ask(client, "500 100 200")
    _, code = last_code(PHONE)
    client.post(CODE, {"code": code})
    assert client.get(ME).status_code == 200
    settings.ZGODA_PRIVACY_SESSION_MINUTES = 0
    assert client.get(ME)["Location"] == PORTAL
