"""What the API's workbook downloads share: their schema, and a negotiation that never refuses them."""

from drf_spectacular.types import OpenApiTypes

from ..exports.files import XLSX

WORKBOOK_RESPONSE = {(200, XLSX): OpenApiTypes.BINARY}


class WorkbookNegotiation:
    """A viewset with a download answers whatever the client accepts: the workbook, or JSON (an
    error, or its other answers); never 406 for an `Accept` that names the workbook's type."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)
