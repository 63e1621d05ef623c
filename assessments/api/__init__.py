"""The REST API v1 (`/api/v1/`): viewsets over the access layer's scopes, writes through the services."""
