"""SMS go through the task queue; a failed send is shown on the challenge page."""

from conftest import PHONE, last_code, login_password, sms_to
from zgoda.accounts.codeformat import group
from zgoda.accounts.models import OneTimeCode
from zgoda.sms.models import Message
from zgoda.sms.providers import ProviderError, registry
from zgoda.sms.providers.base import Provider

from .conftest import CHALLENGE, page, resend


class RefusingProvider(Provider):
    name = "refusing"

    def send(self, message):
        raise ProviderError("operator said no", permanent=True)


def test_code_sms_is_queued_as_a_message_and_handed_over_by_the_task(pending_login):
    code = OneTimeCode.objects.get()
    assert code.message.kind == Message.Kind.OTP
    assert code.message.status in {Message.Status.SUBMITTED, Message.Status.DELIVERED}
    sent, (_, digits) = sms_to(PHONE)[0], last_code()  # the dev phone shows the code; the log masks it
    assert code.message.text == sent.replace(group(digits), "*** ***") != sent


def test_no_provider_configured_shows_the_failure_on_the_challenge_page(client, user_2fa, settings):
    settings.ZGODA_SMS_PROVIDERS = []
    login_password(client)
    assert OneTimeCode.objects.get().message.status == Message.Status.FAILED
    html = page(client.get(CHALLENGE))
    assert "Nie udało się wysłać SMS-a z kodem nr 1. Wyślij kod ponownie." in html


def test_provider_error_shows_the_failure_on_the_challenge_page(client, user_2fa, settings, monkeypatch):
    monkeypatch.setitem(registry.BUILTIN, "refusing", f"{__name__}.RefusingProvider")
    settings.ZGODA_SMS_PROVIDERS = ["refusing"]
    login_password(client)
    message = OneTimeCode.objects.get().message
    assert message.status == Message.Status.FAILED and "operator said no" in message.last_error
    assert "Nie udało się wysłać SMS-a z kodem nr 1." in page(client.get(CHALLENGE))


def test_after_a_failed_send_a_resend_that_works_clears_the_warning(clock, client, user_2fa, settings):
    settings.ZGODA_SMS_PROVIDERS = []
    login_password(client)
    settings.ZGODA_SMS_PROVIDERS = ["outbox"]
    clock.advance(seconds=31)
    resend(client)
    html = page(client.get(CHALLENGE))
    assert "Nie udało się wysłać" not in html
    assert "Wpisz kod nr 2" in html
    assert len(sms_to(PHONE)) == 1


def test_queued_message_is_shown_as_on_its_way(client, user_2fa, monkeypatch):
    from types import SimpleNamespace

    from zgoda.sms import tasks

    # The worker has not picked the task up yet.
    monkeypatch.setattr(tasks, "deliver_message", SimpleNamespace(enqueue=lambda *args, **kwargs: None))
    login_password(client)
    assert "SMS z kodem nr 1 jest w drodze." in page(client.get(CHALLENGE))
