from django.urls import path

from .views import devices, login, twofa

app_name = "accounts"

urlpatterns = [
    path("2fa/challenge/", login.challenge_view, name="challenge"),
    path("2fa/challenge/resend/", login.resend_view, name="challenge_resend"),
    path("2fa/sms/", twofa.settings_view, name="twofa"),
    path("2fa/sms/confirm/", twofa.confirm_view, name="confirm_number"),
    path("2fa/sms/confirm/resend/", twofa.confirm_resend_view, name="confirm_resend"),
    path("2fa/sms/change/", twofa.change_view, name="twofa_change"),
    path("2fa/sms/disable/", twofa.disable_view, name="twofa_disable"),
    path("devices/", devices.devices_view, name="devices"),
]
