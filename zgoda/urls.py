from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from zgoda.accounts.views import language as accounts_language
from zgoda.privacy.views import optout as privacy_optout
from zgoda.sms import views as sms_views

urlpatterns = [
    # The admin signs in through allauth, so staff pass the SMS step too.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/consents/", include("zgoda.consent.urls")),
    path("accounts/privacy/", include("zgoda.privacy.account_urls")),
    path("accounts/", include("zgoda.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Django's switcher, which also keeps the choice for the person's SMS (accounts).
    path("i18n/setlang/", accounts_language.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("privacy/account/", include("zgoda.privacy.link_urls")),
    path("privacy/", include("zgoda.privacy.urls")),
    path("o/<str:token>", privacy_optout.optout_view, name="optout"),
    path("o/<str:token>/", privacy_optout.optout_view),
    path("", include("zgoda.campaigns.urls")),  # /l/<token>, /p/<slug>/, conversion API
    path("sms/", include("zgoda.sms.urls")),  # gateways: delivery reports, inbound SMS
    path("dev/phone/", sms_views.dev_phone, name="dev_phone"),
    path("dev/phone/messages.json", sms_views.dev_phone_messages, name="dev_phone_json"),
    path("dev/phone/emails.json", sms_views.dev_phone_emails, name="dev_phone_emails"),
    path("api/v1/", include("zgoda.restapi.urls")),  # the REST API for shops on any stack
    path("", include("zgoda.identity.urls")),  # allauth's authorize, after offering SMS 2FA
    path("", include("allauth.idp.urls")),  # OpenID Connect: /.well-known/..., /identity/o/...
    path("", include("zgoda.shop.urls")),
]
