"""identity's personal data: allauth.idp.oidc's tokens (authorization codes, access and
refresh tokens) name the account they were issued for, and may keep the e-mail address it
chose to give the shop. Only hashes of the tokens themselves are stored."""

from allauth.idp.oidc.models import Client, Token

from zgoda.lib import personal_data


@personal_data.register
class IdentityPersonalData(personal_data.PersonalData):
    columns = {
        "allauth_idp_oidc.token": ("user", "data"),  # data: the e-mail given to the shop, nonce, redirect URI
    }
    kept = {
        "allauth_idp_oidc.client.owner": "the staff member who registered a shop as a client (accountability); "
                                         "blanked when that account is erased",
        "allauth_idp_oidc.client.data": "a shop's registration metadata (post-logout addresses): no customer's data",
    }

    def find(self, subject):
        if not isinstance(subject, personal_data.Account):
            return {}
        return {
            "oidc_tokens": Token.objects.filter(user_id=subject.user_id).count(),
            "oidc_clients_owned": Client.objects.filter(owner_id=subject.user_id).count(),
        }

    def export(self, subject):
        if not isinstance(subject, personal_data.Account):
            return {}
        tokens = Token.objects.filter(user_id=subject.user_id).select_related("client").order_by("created_at", "id")
        return {"oidc_logins": [
            {"shop": token.client.name if token.client else None, "kind": token.get_type_display(),
             "scopes": token.get_scopes(), "email_given": token.get_scope_email(),
             "created_at": token.created_at, "expires_at": token.expires_at}
            for token in tokens
        ]}

    def erase(self, subject):
        if not isinstance(subject, personal_data.Account):
            return {}
        counts = {}
        counts["oidc_tokens"], _ = Token.objects.filter(user_id=subject.user_id).delete()
        # A shop's registration outlives the staff account that made it (deleting it would cut the shop off).
        counts["oidc_clients_owned"] = Client.objects.filter(owner_id=subject.user_id).update(owner=None)
        return counts

    def expire(self, now):
        deleted, _ = Token.objects.filter(expires_at__isnull=False, expires_at__lte=now).delete()
        return {"oidc_expired_tokens": deleted}
