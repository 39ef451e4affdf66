from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

from zgoda.lib.mail_retry import send_or_retry

from . import app_settings
from .delivery import deliver


@task()
def deliver_message(message_id: int) -> str:
    return deliver(message_id).status


@task()
def alert_staff_spend_cap(day: str, spent: str, cap: str, tries: int = 0) -> int:
    """Tell staff that code SMS are being refused today: the daily spend cap is reached."""
    recipients = app_settings.staff_emails()
    if not recipients:
        return 0
    currency = app_settings.currency()
    subject = _("[Zgoda] Osiągnięto dzienny limit wydatków na SMS-y z kodami (%(day)s)") % {"day": day}
    body = _(
        "Kody SMS z %(day)s kosztowały już %(spent)s %(currency)s przy limicie %(cap)s %(currency)s.\n"
        "Do północy kolejne kody SMS nie będą wysyłane, a klienci zobaczą komunikat o limicie.\n\n"
        "Jeśli to zwykły ruch, podnieś limit (ZGODA_SMS_OTP_DAILY_SPEND_CAP) i uruchom Zgodę ponownie.\n"
        "Jeśli nie, sprawdź w panelu, na jakie numery szły kody: to może być nadużycie (SMS pumping)."
    ) % {"day": day, "spent": spent, "cap": cap, "currency": currency}
    return send_or_retry(lambda: send_mail(subject, body, None, recipients),
                         alert_staff_spend_cap, day, spent, cap, tries=tries) or 0
