"""allauth's login form in Zgoda's words (docs/glossary.md): "Zapamiętaj mnie" / "Remember me",
"Adres e-mail" / "Email address", as on every other page (ACCOUNT_FORMS["login"])."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        words = {"login": _("Adres e-mail"), "password": _("Hasło"), "remember": _("Zapamiętaj mnie")}
        for name, label in words.items():
            if name in self.fields:
                self.fields[name].label = label
        if "login" in self.fields:
            self.fields["login"].widget.attrs["placeholder"] = _("Adres e-mail")
        if "password" in self.fields:
            self.fields["password"].widget.attrs["placeholder"] = _("Hasło")
            # allauth's help text looks for a template that does not exist on every render.
            self.fields["password"].help_text = format_html(
                '<a href="{}">{}</a>', reverse("account_reset_password"), _("Nie pamiętasz hasła?")
            )
