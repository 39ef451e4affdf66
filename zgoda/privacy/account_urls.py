"""/accounts/privacy/: the portal's page for a logged-in person."""

from django.urls import path

from .views import portal

app_name = "privacy_account"
MODE = {"mode": portal.ACCOUNT}

urlpatterns = [
    path("", portal.me_view, MODE, name="me"),
    path("withdraw/", portal.withdraw_view, MODE, name="withdraw"),
    path("download/", portal.download_view, MODE, name="download"),
    path("erase/", portal.erase_view, MODE, name="erase"),
]
