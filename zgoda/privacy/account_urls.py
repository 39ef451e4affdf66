"""/accounts/privacy/: the account's privacy page for the logged-in person."""

from django.urls import path

from .views import account

app_name = "privacy_account"


def account_pages(mode: str) -> list:
    """The account's page and its actions, for one way of proving the account."""
    kwargs = {"mode": mode}
    return [
        path("", account.me_view, kwargs, name="me"),
        path("withdraw/", account.withdraw_view, kwargs, name="withdraw"),
        path("download/", account.download_view, kwargs, name="download"),
        path("erase/", account.erase_view, kwargs, name="erase"),
    ]


urlpatterns = account_pages(account.ACCOUNT)
