"""Webhook subscriptions and pending consents made with a sandbox key before they knew it:
marked as sandbox ones; the subscriptions' deliveries still pending are cancelled (they
carry real people's events)."""

from django.db import migrations
from django.utils import timezone


def mark_sandbox_subscriptions(apps, schema_editor):
    ApiKey = apps.get_model("restapi", "ApiKey")
    Subscription = apps.get_model("webhooks", "Subscription")
    Delivery = apps.get_model("webhooks", "Delivery")
    sandbox_keys = list(ApiKey.objects.filter(kind="sandbox").values_list("pk", flat=True))
    subscriptions = Subscription.objects.filter(api_key_id__in=sandbox_keys)
    Delivery.objects.filter(subscription__in=subscriptions, status="pending").update(status="cancelled", finished_at=timezone.now())
    subscriptions.update(sandbox=True)
    PendingConsent = apps.get_model("consent", "PendingConsent")
    PendingConsent.objects.filter(api_key_id__in=sandbox_keys).update(sandbox=True)


class Migration(migrations.Migration):
    dependencies = [
        ("restapi", "0001_initial"),
        ("webhooks", "0002_subscription_sandbox"),
        ("consent", "0008_pending_consent_sandbox"),
    ]

    operations = [migrations.RunPython(mark_sandbox_subscriptions, migrations.RunPython.noop)]
