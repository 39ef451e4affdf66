"""Staff make a key in the admin and see it once; the list never shows it again; revoking
is an action."""

import re

from conftest import make_user
from zgoda.restapi.models import ApiKey

from .conftest import ApiClient, new_key


def _staff(client):
    staff = make_user("ops@example.com", phone="+48500100999", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return staff


def test_the_new_key_is_shown_once(client, db):
    _staff(client)
    response = client.post("/admin/restapi/apikey/add/", {
        "name": "PrestaShop", "scopes": ["verifications", "consents:write"], "kind": "live", "rate_limit": "",
        "expires_at_0": "", "expires_at_1": "",
    })
    assert response.status_code == 200, response.content[:500]
    secret = re.search(r'id="api-key">([^<]+)<', response.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert key.scope_list == ["verifications", "consents:write"] and secret.startswith(f"zk_live_{key.prefix}_")
    assert "no-store" in response["Cache-Control"]
    page = client.get(f"/admin/restapi/apikey/{key.pk}/change/").content.decode()
    assert secret not in page and key.prefix in page
    assert ApiClient(client, secret).post("/verifications", {"phone": "12", "purpose": "login"}).status_code == 422


def test_revoke_action(client, db):
    _staff(client)
    key, secret = new_key()
    response = client.post("/admin/restapi/apikey/", {"action": "revoke_keys", "_selected_action": [key.pk]})
    assert response.status_code == 302
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert ApiClient(client, secret).get("/consent-texts").status_code == 401
