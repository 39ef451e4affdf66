from django.urls import path

from .views import account, number

app_name = "privacy"

urlpatterns = [
    path("", number.start_view, name="start"),
    path("code/", number.code_view, name="code"),
    path("code/resend/", number.resend_view, name="resend"),
    path("me/", number.me_view, name="me"),
    path("me/withdraw/", number.withdraw_view, name="withdraw"),
    path("me/download/", number.download_view, name="download"),
    path("me/forget/", number.forget_view, name="forget"),
    path("me/account-link/", number.account_link_view, name="account_link_for_number"),
    path("forgotten/", number.forgotten_view, name="forgotten"),
    path("end/", number.end_view, name="end"),
    path("account-link/", account.ask_link_view, name="ask_link"),
    path("link/<str:token>/", account.follow_link_view, name="account_link"),
    path("erased/", account.erased_view, name="erased"),
]
