"""/accounts/privacy/: the account's privacy page for the logged-in person."""

from django.urls import path

from .views import account

app_name = "privacy_account"
MODE = {"mode": account.ACCOUNT}

urlpatterns = [
    path("", account.me_view, MODE, name="me"),
    path("withdraw/", account.withdraw_view, MODE, name="withdraw"),
    path("download/", account.download_view, MODE, name="download"),
    path("erase/", account.erase_view, MODE, name="erase"),
]
