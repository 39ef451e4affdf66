"""`zgoda send-2fa-invitation`: the security message that encourages turning 2FA on."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zgoda.consent import app_settings
from zgoda.consent.internal.flows import invitations


class Command(BaseCommand):
    help = _(
        "Wysyła e-mail o bezpieczeństwie konta (bez treści reklamowych) z linkiem do włączenia 2FA "
        "aktywnym osobom bez 2FA, które nie dostały go w ostatnich dniach (ZGODA_2FA_INVITATION_INTERVAL_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("tylko pokaż, do kogo poszłaby wiadomość"))
        parser.add_argument("--limit", type=int, help=_("najwyżej tyle wiadomości"))

    def handle(self, *args, **options):
        limit = options["limit"]
        if limit is not None and limit < 1:
            raise CommandError(_("--limit musi być liczbą dodatnią."))
        users = invitations.send(limit=limit, dry_run=options["dry_run"], sent_by="cli")
        if options["dry_run"]:
            for user in users:
                self.stdout.write(user.email)
            self.stdout.write(_("Próba: wysłano by %(n)d wiadomości (nic nie wysłano).") % {"n": len(users)})
        else:
            self.stdout.write(_("Wysłano %(n)d wiadomości; następne do tych osób najwcześniej za %(days)d dni.")
                              % {"n": len(users), "days": app_settings.invitation_interval_days()})
