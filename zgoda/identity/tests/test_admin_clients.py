"""Staff register a shop in the admin: Polish labels, Zgoda's scopes by default, the secret
shown once (only its hash is kept)."""

import html
import re

from allauth.idp.oidc.models import Client

from conftest import make_user
from zgoda.accounts.tests.conftest import log_in_fully

ADD = "/admin/allauth_idp_oidc/client/add/"


def test_add_a_client_and_see_its_secret_once(client, db):
    staff = make_user("staff@example.com", phone="+48500100200", is_staff=True, is_superuser=True)
    log_in_fully(client, email=staff.email)
    form = html.unescape(client.get(ADD).content.decode())
    assert "Adresy powrotu (redirect_uri)" in form and "Nazwa sklepu" in form
    assert "openid\nemail\nphone\nconsents" in form
    fields = {
        "id": "sklep-ani", "name": "Sklep Ani", "scopes": "openid\nemail\nphone\nconsents", "type": "confidential",
        "grant_types": "authorization_code", "redirect_uris": "https://sklep.example/cb", "response_types": "code",
        "created_at_0": "2026-01-01", "created_at_1": "10:00:00", "default_scopes": "", "cors_origins": "", "data": "null",
    }
    response = client.post(ADD, fields, follow=True)
    page = html.unescape(response.content.decode())
    shown = re.search(r'value="([^"]+)" data-testid="client-secret"', page)
    assert shown, page[:3000]
    saved = Client.objects.get(pk="sklep-ani")
    assert saved.check_secret(shown.group(1)) and shown.group(1) not in saved.secret
    assert "client-secret" not in client.get(f"/admin/allauth_idp_oidc/client/{saved.pk}/change/").content.decode()
