"""Demo accounts for `make run`: a staff user and a few customers, credentials printed."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from zgoda.accounts.api import bulk_enable_twofa, has_twofa
from zgoda.consent.api import record_demo_account

PASSWORD = "zgoda-demo-2026"
ACCOUNTS = [
    # e-mail, staff, 2FA phone
    ("admin@zgoda.test", True, "+48500100100"),
    ("anna@zgoda.test", False, "+48500100200"),
    ("jan@zgoda.test", False, None),
    ("ola@zgoda.test", False, "+48600200300"),
]


class Command(BaseCommand):
    help = "Create the demo staff user and customers (idempotent) and print their credentials."

    def handle(self, *args, **options):
        User = get_user_model()
        rows = []
        for email, staff, phone in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=email, defaults={"email": email, "is_staff": staff, "is_superuser": staff}
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            if phone and not has_twofa(user):
                bulk_enable_twofa([(user.pk, phone, timezone.now())])
            record_demo_account(user, phone)  # what signing up and turning 2FA on would have recorded
            rows.append((email, PASSWORD, "staff" if staff else "klient", phone or "-"))
        self.stdout.write("Konta demo (e-mail / hasło / rola / numer 2FA):")
        for row in rows:
            self.stdout.write("  " + "  ".join(row))
