"""The e-mail addresses page offers each address only the actions that apply to it: nothing
for the one verified, primary address; "send again" and "remove" for an unverified one;
"make primary" and "remove" for a verified second one, which then becomes the login address."""

from allauth.account.models import EmailAddress

from conftest import make_user, reauthenticate

from .conftest import page

EMAIL = "/accounts/email/"


def _card(html, email):
    start = html.index(f"<strong>{email}</strong>")
    return html[start:html.index("</li>", start)]


def test_each_address_is_offered_only_what_applies(client, db):
    user = make_user("ewa@example.com")
    EmailAddress.objects.create(user=user, email="ewa.nowa@example.com", verified=False)
    EmailAddress.objects.create(user=user, email="ewa.praca@example.com", verified=True)
    client.force_login(user)
    html = page(client.get(EMAIL))
    primary, unverified, second = (_card(html, e) for e in ("ewa@example.com", "ewa.nowa@example.com",
                                                             "ewa.praca@example.com"))
    assert "<form" not in primary and "główny" in primary
    assert 'name="action_send"' in unverified and 'name="action_remove"' in unverified
    assert 'name="action_primary"' not in unverified
    assert 'name="action_primary"' in second and 'name="action_send"' not in second
    assert "Adres e-mail" in html and 'name="action_add"' in html and 'href="/accounts/2fa/sms/"' in html

    reauthenticate(client)  # a change of the login address asks for the password first
    client.post(EMAIL, {"email": "ewa.praca@example.com", "action_primary": ""})
    assert EmailAddress.objects.get(primary=True).email == "ewa.praca@example.com"
