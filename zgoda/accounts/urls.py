from django.apps import apps
from django.urls import path, re_path

from .views import devices, login, reauth, recovery, twofa

app_name = "accounts"

urlpatterns = [
    path("2fa/challenge/", login.challenge_view, name="challenge"),
    path("2fa/challenge/resend/", login.resend_view, name="challenge_resend"),
    path("2fa/challenge/sms/", login.sms_instead_view, name="challenge_sms"),
    re_path(r"^recovery/(?P<pk>[0-9]{1,18})/(?P<token>[0-9a-f]{40})/$", recovery.assisted_recovery_view,
            name="assisted_recovery"),
    path("2fa/sms/", twofa.settings_view, name="twofa"),
    path("2fa/sms/confirm/", twofa.confirm_view, name="confirm_number"),
    path("2fa/sms/confirm/resend/", twofa.confirm_resend_view, name="confirm_resend"),
    path("2fa/sms/change/", twofa.change_view, name="twofa_change"),
    path("2fa/sms/disable/", twofa.disable_view, name="twofa_disable"),
    path("devices/", devices.devices_view, name="devices"),
    # allauth's password prompt at its own path, audited (views/reauth.py)
    path("reauthenticate/", reauth.reauthenticate, name="reauthenticate"),
]
if apps.is_installed("allauth.mfa"):  # and its app-code prompt
    urlpatterns.append(path("2fa/reauthenticate/", reauth.mfa_reauthenticate_view(), name="mfa_reauthenticate"))
