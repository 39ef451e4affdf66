from django.urls import path

from .views import portal

app_name = "privacy"

urlpatterns = [
    path("", portal.start_view, name="start"),
    path("code/", portal.code_view, name="code"),
    path("code/resend/", portal.resend_view, name="resend"),
    path("me/", portal.me_view, name="me"),
    path("me/withdraw/", portal.withdraw_view, name="withdraw"),
    path("me/download/", portal.download_view, name="download"),
    path("me/erase/", portal.erase_view, name="erase"),
    path("erased/", portal.erased_view, name="erased"),
    path("end/", portal.end_view, name="end"),
]
