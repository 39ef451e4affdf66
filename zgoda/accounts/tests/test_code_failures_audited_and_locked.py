"""Every refused code try (blocked, expired, used) is audited; wrong codes in a row, across
logins and days, lock the account's code step after 100 until a password reset."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import RequestFactory

from conftest import PHONE, last_code
from zgoda.accounts.internal import secret_tries as accounts_limits
from zgoda.accounts.internal.flows import challenge as challenges
from zgoda.accounts.internal.flows import code_check
from zgoda.accounts.models import AuditEvent, CodeChallenge, CodeFailureStreak, OneTimeCode

from .conftest import CHALLENGE, page, submit_code, wrong_code

LOCKED = "logowanie kodem zostało zablokowane"


def refused_reasons():
    return [e.details["reason"] for e in AuditEvent.objects.filter(event="code_try_refused").order_by("id")]


def test_tries_on_a_blocked_an_expired_and_a_used_code_are_audited(clock, pending_login, settings):
    for _ in range(5):
        submit_code(pending_login, wrong_code())
    submit_code(pending_login, wrong_code())  # the code is blocked now
    assert refused_reasons() == ["blocked"]
    clock.advance(seconds=31)
    pending_login.post("/accounts/2fa/challenge/resend/")
    clock.advance(minutes=6)
    submit_code(pending_login, last_code()[1])  # expired
    assert refused_reasons() == ["blocked", "expired"]
    code = OneTimeCode.objects.order_by("-created_at").first()
    code.expires_at, code.used_at = clock.now + timedelta(minutes=1), clock.now
    code.save()
    submit_code(pending_login, last_code()[1])
    assert refused_reasons() == ["blocked", "expired", "used"]
    event = AuditEvent.objects.filter(event="code_try_refused").first()
    assert event.user_id and event.details["purpose"] == "login" and event.ip == "127.0.0.1"


def test_a_hundred_wrong_codes_in_a_row_lock_the_code_step_until_a_password_reset(clock, settings, user_2fa, client):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.5")
    CodeFailureStreak.objects.create(user=user_2fa, count=98)  # 98 wrong codes on earlier days
    challenge, _ = challenges.start(request, user_2fa, CodeChallenge.Purpose.LOGIN, PHONE)
    assert code_check.check_code(challenge, wrong_code(), request).error.startswith("Błędny kod")
    outcome = code_check.check_code(challenge, wrong_code(), request)  # the 100th
    assert LOCKED in outcome.error and outcome.challenge_ended
    assert AuditEvent.objects.filter(event="code_step_locked", user=user_2fa).count() == 1
    # the right code does not help now, and no new code is sent
    assert LOCKED in code_check.check_code(challenge, last_code()[1], request).error
    assert refused_reasons()[-1] == "locked"
    new, outcome = challenges.start(request, user_2fa, CodeChallenge.Purpose.LOGIN, PHONE)
    assert not outcome.sent and LOCKED in outcome.refusal
    assert accounts_limits.check_secret_try(user_2fa.pk) != ""
    # a password reset unlocks it
    from allauth.account.signals import password_reset

    password_reset.send(get_user_model(), request=request, user=user_2fa)
    assert accounts_limits.check_secret_try(user_2fa.pk) == ""
    assert AuditEvent.objects.filter(event="code_step_unlocked", user=user_2fa).exists()
    new, outcome = challenges.start(request, user_2fa, CodeChallenge.Purpose.LOGIN, PHONE)
    assert outcome.sent and code_check.check_code(new, last_code()[1], request).ok


def test_a_right_code_ends_the_streak(clock, pending_login, user_2fa):
    submit_code(pending_login, wrong_code())
    submit_code(pending_login, wrong_code())
    assert CodeFailureStreak.objects.get(user=user_2fa).count == 2
    response = submit_code(pending_login, last_code()[1])
    assert response.status_code == 302
    assert CodeFailureStreak.objects.get(user=user_2fa).count == 0


def test_the_locked_message_is_shown_at_login(clock, settings, user_2fa, client):
    from conftest import login_password

    CodeFailureStreak.objects.create(user=user_2fa, count=100, locked_at=clock.now)
    login_password(client)
    response = client.get(CHALLENGE, follow=True)
    assert LOCKED in page(response)
