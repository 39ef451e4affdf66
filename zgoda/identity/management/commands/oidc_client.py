"""`zgoda oidc-client create --name NAME --redirect-uri URL [--redirect-uri URL] [--scope ...]`:
register a shop that logs its customers in with Zgoda; prints JSON {"client_id", "client_secret"}
(the secret only now: Zgoda keeps its hash)."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zgoda.identity import app_settings
from zgoda.identity.internal.flows import clients


class Command(BaseCommand):
    help = _("Zarządza sklepami, które logują klientów przez Zgodę (klienci OpenID Connect).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("rejestruje nowego klienta i wypisuje jego sekret (tylko raz)"))
        create.add_argument("--name", required=True, help=_("nazwa sklepu, widoczna dla klienta przy logowaniu"))
        create.add_argument("--redirect-uri", action="append", required=True, dest="redirect_uris",
                            help=_("adres powrotu wtyczki sklepu (można podać kilka razy)"))
        create.add_argument("--post-logout-redirect-uri", action="append", default=[], dest="post_logout_uris",
                            help=_("adres, na który Zgoda wraca po wylogowaniu (można podać kilka razy)"))
        create.add_argument("--scope", action="append", default=[], dest="scopes",
                            help=_("dozwolony zakres: %(scopes)s (domyślnie wszystkie)")
                            % {"scopes": ", ".join(app_settings.SCOPES)})
        create.add_argument("--public", action="store_true",
                            help=_("klient publiczny (aplikacja bez sekretu), zawsze z PKCE"))
        actions.add_parser("demo", help=_("klient sklepu demo z `make run` (tworzony raz; wypisuje ten sam sekret)"))

    def handle(self, *args, **options):
        if options["action"] == "demo":
            client, secret = clients.demo_client()
            self.stdout.write(json.dumps({"client_id": client.id, "client_secret": secret}))
            return
        scopes = [s for value in options["scopes"] for s in value.replace(",", " ").split()]
        try:
            client, secret = clients.create(
                options["name"], options["redirect_uris"], scopes=scopes,
                post_logout_uris=options["post_logout_uris"], public=options["public"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        result = {"client_id": client.id, "client_secret": secret or None}
        self.stdout.write(json.dumps(result))
