"""/privacy/account/: the account's privacy page for a browser that followed an e-mailed link."""

from django.urls import path

from .views import account

app_name = "privacy_link"
MODE = {"mode": account.LINK}

urlpatterns = [
    path("", account.me_view, MODE, name="me"),
    path("withdraw/", account.withdraw_view, MODE, name="withdraw"),
    path("download/", account.download_view, MODE, name="download"),
    path("erase/", account.erase_view, MODE, name="erase"),
]
