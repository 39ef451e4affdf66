from django.urls import path

from . import views

# Before allauth.idp.urls in zgoda/urls.py: the same path, so reverse("idp:oidc:authorization") still names it.
urlpatterns = [
    path("identity/o/authorize", views.authorization, name="oidc_authorization"),
]
