from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_new_device_notice(user_id: int, device: str, ip: str, when: str, language: str = "pl") -> None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        context = {"device": device, "ip": ip, "when": when}
        subject = render_to_string("accounts/email/new_device_subject.txt", context).strip()
        body = render_to_string("accounts/email/new_device_message.txt", context)
    send_mail(subject, body, None, [user.email])
