"""`zgoda api-key create --name NAME --scope SCOPE...`: a new API key, printed once as JSON."""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zgoda.restapi.internal import keys
from zgoda.restapi.models import SCOPES, ApiKey


class Command(BaseCommand):
    help = "API keys of the REST API: `create` prints the new key once, as JSON {id, key, scopes, kind}."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a key.")
        create.add_argument("--name", required=True)
        create.add_argument("--scope", dest="scopes", nargs="+", action="extend", required=True,
                            choices=sorted(SCOPES), metavar="SCOPE", help="One or more of: " + ", ".join(SCOPES))
        create.add_argument("--sandbox", action="store_true", help="Codes go to the dev phone only, never by SMS.")
        create.add_argument("--rate-limit", type=int, default=None, help="Requests a minute (default: the setting).")
        create.add_argument("--expires-days", type=int, default=None)
        revoke = sub.add_parser("revoke", help="Revoke a key by its id.")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action, **options):
        if action == "revoke":
            if not keys.revoke(ApiKey.objects.filter(pk=options["id"])):
                raise CommandError(f"no active API key {options['id']}")
            self.stdout.write(json.dumps({"id": options["id"], "revoked": True}))
            return
        if options["rate_limit"] is not None and options["rate_limit"] < 1:
            raise CommandError("--rate-limit must be at least 1")
        expires = options["expires_days"]
        made = keys.create(
            name=options["name"], scopes=options["scopes"],
            kind=ApiKey.Kind.SANDBOX if options["sandbox"] else ApiKey.Kind.LIVE, rate_limit=options["rate_limit"],
            expires_at=timezone.now() + timedelta(days=expires) if expires else None,
        )
        self.stdout.write(json.dumps({"id": made.key.pk, "key": made.secret, "scopes": made.key.scope_list,
                                      "kind": made.key.kind}))
