from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("l/<str:token>", views.link, name="link"),
    path("p/<slug:slug>/", views.landing, name="landing"),
    path("p/<slug:slug>/image", views.landing_image, name="landing_image"),
    path("p/<slug:slug>/cta", views.landing_cta, name="landing_cta"),
    path("api/campaigns/conversions", views.conversion_api, name="conversion_api"),
]
