"""The OpenAPI schema (`/api/schema/`) and Swagger UI (`/api/docs/`), served from vendored files.

Swagger UI comes from drf-spectacular-sidecar (no CDN: the programme runs on a closed
intranet). Its page loads its set-up script as a file (`?script`) rather than inline, and
its few styles from `static/api/swagger.css`, so it runs under the site's strict
Content-Security-Policy unchanged.
"""

from django.contrib.auth.decorators import login_required
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, for signed-in people and token holders."""


@method_decorator(login_required, name="dispatch")
class SwaggerUIView(SpectacularSwaggerSplitView):
    """Swagger UI for a signed-in person (anonymous visitors are sent to the sign-in page)."""

    template_name = "api/swagger_ui.html"
    url_name = "api-schema"
    title = "Excellence API"
