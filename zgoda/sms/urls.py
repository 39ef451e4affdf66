from django.urls import path

from zgoda.lib import converters  # noqa: F401  (registers <id:...>)

from . import callbacks

app_name = "sms"

# No secret in the path: access logs print it. See callbacks.py for where the secret goes.
urlpatterns = [
    path("callbacks/<slug:provider_name>/report/<id:message_id>/", callbacks.report_view, name="report"),
    path("callbacks/<slug:provider_name>/inbound/", callbacks.inbound_view, name="inbound"),
]
