"""allauth's forms in Zgoda's words (docs/glossary.md): "Adres e-mail" / "Email address",
"Hasło" / "Password", "Zapamiętaj mnie" / "Remember me", as on every other page
(ACCOUNT_FORMS; consent's signup form calls `use_glossary` itself)."""

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

# allauth's field name -> our word; "login" is the e-mail on the login form.
WORDS = {"login": _("Adres e-mail"), "email": _("Adres e-mail"), "password": _("Hasło"),
         "remember": _("Zapamiętaj mnie")}


def use_glossary(form, words=None) -> None:
    """Labels (and placeholders, where allauth set one) of an allauth form in our words."""
    for name, word in (words or WORDS).items():
        field = form.fields.get(name)
        if field is None:
            continue
        field.label = word
        if "placeholder" in field.widget.attrs:
            field.widget.attrs["placeholder"] = word


def _reset_password_link() -> str:
    return format_html('<a href="{}">{}</a>', reverse("account_reset_password"), _("Nie pamiętasz hasła?"))


# Composed only where it is shown (form.as_p): the login page writes its own link.
_RESET_PASSWORD_LINK = lazy(_reset_password_link, SafeString)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_glossary(self)
        if "password" in self.fields:
            # allauth's help text looks for a template that does not exist on every render.
            self.fields["password"].help_text = _RESET_PASSWORD_LINK()


class ResetPasswordForm(AllauthResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_glossary(self)


class AddEmailForm(AllauthAddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_glossary(self)


class ChangePasswordForm(AllauthChangePasswordForm):
    WORDS = {"oldpassword": _("Obecne hasło"), "password1": _("Nowe hasło"), "password2": _("Nowe hasło jeszcze raz")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_glossary(self, self.WORDS)
