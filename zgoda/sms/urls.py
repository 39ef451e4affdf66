from django.urls import path

from . import callbacks

app_name = "sms"

urlpatterns = [
    path(
        "callbacks/<slug:provider_name>/report/<int:message_id>/<str:token>/",
        callbacks.report_view,
        name="report",
    ),
    path("callbacks/<slug:provider_name>/inbound/<str:token>/", callbacks.inbound_view, name="inbound"),
]
