"""/api/v1/: the REST API (django-ninja), its OpenAPI schema, docs and the integration guide."""

from django.urls import path

from .service import api
from .views import integration_guide

urlpatterns = [
    path("docs/integration", integration_guide, name="restapi_integration_guide"),
    path("", api.urls),
]
