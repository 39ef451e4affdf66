from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("", views.consents_view, name="consents"),
    path("marketing/", views.marketing_view, name="marketing"),
    path("number/remove/", views.remove_number_view, name="remove_number"),
    path("texts/<int:pk>/", views.text_view, name="text"),
    path("review/", views.reconsent_view, name="reconsent"),
]
