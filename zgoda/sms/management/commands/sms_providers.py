"""`zgoda sms-providers`: the configured SMS providers, what they support, their callback URLs."""

from django.core.management.base import BaseCommand

from zgoda.sms import app_settings, stats
from zgoda.sms.callbacks import inbound_url
from zgoda.sms.providers.base import ConfigurationError
from zgoda.sms.providers.registry import get_provider


class Command(BaseCommand):
    help = "List the SMS providers in the order they are tried, their capabilities, state and inbound URLs."

    def handle(self, *args, **options):
        entries = app_settings.provider_entries()
        if not entries:
            self.stdout.write("No SMS provider configured (ZGODA_SMS_PROVIDERS).")
            return
        for position, (name, kind) in enumerate(entries, 1):
            try:
                provider = get_provider(name)
            except (ConfigurationError, LookupError) as error:
                self.stdout.write(f"{position}. {name} ({kind}): MISCONFIGURED: {error}")
                continue
            figures = stats.provider_stats(name, kind, errors=1)
            flags = [
                label
                for label, on in (
                    ("delivery reports", provider.supports_delivery_reports),
                    ("inbound SMS", provider.supports_inbound),
                    ("sender names", provider.supports_sender_name),
                    ("idempotency keys", provider.supports_idempotency),
                )
                if on
            ]
            self.stdout.write(f"{position}. {name} ({kind}): {figures.state}; supports {', '.join(flags) or 'nothing extra'}")
            if provider.supports_inbound:
                url = inbound_url(name)
                if hasattr(provider, "inbound_get_url"):
                    url = provider.inbound_get_url(url)
                self.stdout.write(f"   inbound SMS URL: {url}")
        if not app_settings.callback_base_url():
            self.stdout.write("ZGODA_SMS_CALLBACK_BASE_URL is unset: no delivery reports are asked for.")
