"""One row (at least) of every model the admin shows, made by the apps' own demo commands
where they exist and directly for the rest: the walk of the admin opens each change page."""

import uuid
from datetime import timedelta

from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

PHONE = "+48500100900"


def build() -> None:
    call_command("demo_users", stdout=_Sink())
    call_command("demo_campaign", stdout=_Sink())
    call_command("demo_data", users=6, stdout=_Sink())
    _the_rest()


def missing() -> list[str]:
    """Models the admin shows with no row to open."""
    return [model._meta.label for model in admin.site._registry if not model._default_manager.exists()]


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def _staff():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_staff=True).first()


def _the_rest() -> None:  # noqa: C901  (one small block per model, in the admin's order)
    from allauth.idp.oidc.models import Client, Token
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession
    from django_tasks_db.models import DBTaskResult

    from zgoda.accounts.models import AssistedRecovery, AuditEvent, TrustedDevice
    from zgoda.campaigns.models import Campaign, LandingPage
    from zgoda.consent.models import ExportAudit, SecurityInvitation, Suppression
    from zgoda.privacy.models import DataSubjectRequest, OptOutToken, PurgeRun
    from zgoda.restapi.models import ApiKey
    from zgoda.sms.models import InboundMessage, ProviderHealth, SendAttempt
    from zgoda.webhooks.models import Delivery, Event, Subscription

    staff, now = _staff(), timezone.now()
    if not Group.objects.exists():
        Group.objects.create(name="Marketing")
    if not Client.objects.exists():
        call_command("oidc_client", "demo", stdout=_Sink())
    if not Token.objects.exists():
        Token.objects.create(type=Token.Type.ACCESS_TOKEN, hash=uuid.uuid4().hex, client=Client.objects.first(),
                             user=staff, expires_at=now + timedelta(hours=1), scopes="openid")
    if not DBTaskResult.objects.exists():
        DBTaskResult.objects.create(status="SUCCESSFUL", args_kwargs={"args": [], "kwargs": {}},
                                    task_path="zgoda.sms.tasks.send_message", backend_name="default",
                                    run_after=now, return_value=None, exception_class_path="", traceback="",
                                    finished_at=now)
    message = __import__("zgoda.sms.models", fromlist=["Message"]).Message.objects.first()
    if not SendAttempt.objects.exists() and message is not None:
        SendAttempt.objects.create(message=message, provider="outbox", outcome=SendAttempt.Outcome.choices[0][0],
                                   started_at=now, finished_at=now)
    if not InboundMessage.objects.exists():
        InboundMessage.objects.create(provider="outbox", sender=PHONE, recipient="ZGODA", text="STOP")
    if not ProviderHealth.objects.exists():
        ProviderHealth.objects.create(name="outbox")
    if not AuditEvent.objects.exists():
        AuditEvent.objects.create(event=AuditEvent.Event.choices[0][0], user=staff, ip="127.0.0.1",
                                  user_agent="Mozilla/5.0")
    if not TrustedDevice.objects.exists():
        TrustedDevice.objects.create(user=staff, token_hmac=uuid.uuid4().hex, name="Firefox, Linux", ip="127.0.0.1")
    if not AssistedRecovery.objects.exists():
        AssistedRecovery.objects.create(user=staff, started_by=staff)
    if not Authenticator.objects.exists():
        Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    if not UserSession.objects.exists():
        UserSession.objects.create(user=staff, ip="127.0.0.1", session_key=uuid.uuid4().hex, user_agent="Mozilla/5.0")
    if not ExportAudit.objects.exists():
        ExportAudit.objects.create(actor=staff, actor_label=staff.email, channel=ExportAudit.Channel.ADMIN,
                                   format="csv", row_count=1234, completed=True, sha256="0" * 64, filters={})
    if not Suppression.objects.exists():
        Suppression.objects.create(phone_hash="0" * 64, reason=Suppression._meta.get_field("reason").choices[0][0]
                                   if Suppression._meta.get_field("reason").choices else "stop")
    if not SecurityInvitation.objects.exists():
        SecurityInvitation.objects.create(user=staff, email=staff.email, sent_by="admin@zgoda.test")
    if not DataSubjectRequest.objects.exists():
        DataSubjectRequest.objects.create(kind=DataSubjectRequest.Kind.ERASURE, channel=DataSubjectRequest.Channel.choices[0][0],
                                          phone=PHONE, received_at=now, deadline=now + timedelta(days=30),
                                          status=DataSubjectRequest.Status.DONE, completed_at=now,
                                          result={"sms.messages": 2, "consent.events": 1})
    if not OptOutToken.objects.exists():
        OptOutToken.objects.create(token="Zz9Zz9Zz9Zz9", phone=PHONE, source=OptOutToken._meta.get_field("source").choices[0][0])
    if not PurgeRun.objects.exists():
        PurgeRun.objects.create(started_at=now, finished_at=now, trigger="command", counts={"sms.messages": 3})
    if not ApiKey.objects.exists():
        call_command("api_key", "create", "--name", "Sklep demo", "--scope", "consents:read", stdout=_Sink())
    if not Subscription.objects.exists():
        Subscription.objects.create(url="https://sklep.example/webhooks", events=["consent.granted"], secret_encrypted="x")
    if not Event.objects.exists():
        Event.objects.create(id=f"msg_{uuid.uuid4().hex}", type="consent.granted", payload={"phone": PHONE},
                             created_at=now)
    if not Campaign.objects.filter(state=Campaign.State.DRAFT).exists():  # its confirmation page is walked too
        landing = LandingPage.objects.order_by("pk").first()
        Campaign.objects.create(name="Szkic: mikołajki", slug="szkic-mikolajki", provider="outbox", sender="Sklep",
                                text=f"Mikołajki w sklepie: -15% do niedzieli! {{link:/p/{landing.slug}/}}")
    if not Delivery.objects.exists():
        Delivery.objects.create(event=Event.objects.first(), subscription=Subscription.objects.first(), created_at=now)
