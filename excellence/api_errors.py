"""The API's one error format, for every error an API client can meet.

Every error answers a JSON object

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"field": ["…"]}}

`detail` is one sentence for a person, in the request's language; `code` is stable for
programs; `errors` (field → messages, `non_field_errors` for the rest) is present for
400 only. How each refusal maps to a status:

- bad input (a serializer's or a service's `ApplicationError`) → 400 with field errors;
- no or bad credentials → 401; a refused action (`AccessDenied`, a CSRF failure) → 403;
- an object outside the person's scope, or an unknown address under /api/ → 404;
- a method the endpoint does not have → 405; throttled → 429 (with Retry-After);
- a change made on a stale copy (`StaleCopy`) → 409.

Anything else is a bug; `api_server_error` still answers it in this format.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import csrf as csrf_views
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

from excellence.errors import StaleCopy
from excellence.roles import AccessDenied

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def error_body(status_code: int, code: str, detail: str, errors: dict | None = None) -> dict:
    body = {"status": status_code, "code": code, "detail": str(detail)}
    if errors is not None:
        body["errors"] = errors
    return body


def _django_validation_errors(error: DjangoValidationError) -> tuple[str, dict]:
    """(first code, field → messages) of a Django ValidationError, such as a service's refusal."""
    if hasattr(error, "error_dict"):
        errors = {}
        codes = []
        for field, field_errors in error.error_dict.items():
            key = NON_FIELD if field == "__all__" else field
            errors[key] = [message for item in field_errors for message in item.messages]
            codes.extend(item.code for item in field_errors if item.code)
        return (codes[0] if codes else "invalid"), errors
    codes = [item.code for item in error.error_list if item.code]
    return (codes[0] if codes else "invalid"), {NON_FIELD: list(error.messages)}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


def _drf_validation_errors(detail) -> dict:
    """A DRF ValidationError's detail as field → flat list of messages.

    Nested errors (an item of a list, a key of a dict) are named by their path, `bands.2.stars`.
    """
    if not isinstance(detail, dict):
        return {NON_FIELD: _flatten(detail)}
    errors = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
            for index, item in enumerate(value):
                if item:
                    walk(f"{prefix}.{index}", item)
        else:
            errors.setdefault(prefix or NON_FIELD, []).extend(_flatten(value))

    walk("", detail)
    return errors


def _first_code(detail) -> str:
    codes = exceptions.ErrorDetail
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    if isinstance(detail, codes) and detail.code:
        return detail.code
    return "invalid"


def _invalid_input_detail(errors: dict) -> str:
    fields = [field for field in errors if field != NON_FIELD]
    if not fields:
        messages = errors.get(NON_FIELD) or [_("The request is not valid.")]
        return messages[0]
    return ngettext(
        "The request is not valid: see the error of %(fields)s.",
        "The request is not valid: see the errors of %(fields)s.",
        len(fields),
    ) % {"fields": ", ".join(fields)}


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every refusal in the one format, in the request's language."""
    headers = {}
    if isinstance(exc, StaleCopy):
        return Response(
            error_body(status.HTTP_409_CONFLICT, "stale_copy", exc.messages[0]),
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, AccessDenied):
        code = exc.error_list[0].code if hasattr(exc, "error_list") else "forbidden"
        return Response(
            error_body(status.HTTP_403_FORBIDDEN, code or "forbidden", exc.messages[0]),
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, DjangoValidationError):
        code, errors = _django_validation_errors(exc)
        return Response(
            error_body(status.HTTP_400_BAD_REQUEST, code, _invalid_input_detail(errors), errors),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's handler500 (api_server_error under /api/) answers it

    if isinstance(exc, exceptions.ValidationError):
        errors = _drf_validation_errors(exc.detail)
        return Response(
            error_body(exc.status_code, _first_code(exc.detail), _invalid_input_detail(errors), errors),
            status=exc.status_code,
        )

    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # APIView.handle_exception has put the token scheme's challenge on `exc`.
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        detail = (
            _("Sign in first: send a token (Authorization: Token …) or a signed-in session.")
            if isinstance(exc, exceptions.NotAuthenticated)
            else _("The credentials were not accepted: %(reason)s") % {"reason": exc.detail}
        )
        return Response(
            error_body(exc.status_code, exc.get_codes(), detail), status=exc.status_code, headers=headers
        )
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait))
        detail = ngettext(
            "Too many requests: try again in %(seconds)d second.",
            "Too many requests: try again in %(seconds)d seconds.",
            int(exc.wait or 0),
        ) % {"seconds": int(exc.wait or 0)}
        return Response(
            error_body(exc.status_code, "throttled", detail), status=exc.status_code, headers=headers
        )
    if isinstance(exc, exceptions.NotFound):
        detail = _("Not found: there is nothing at this address that you may see.")
        return Response(error_body(exc.status_code, "not_found", detail), status=exc.status_code)
    if isinstance(exc, exceptions.MethodNotAllowed):
        request = context.get("request")
        detail = _("The method %(method)s is not allowed here.") % {"method": getattr(request, "method", "")}
        return Response(error_body(exc.status_code, "method_not_allowed", detail), status=exc.status_code)
    if (
        isinstance(exc, exceptions.PermissionDenied)
        and exc.detail == exceptions.PermissionDenied.default_detail
    ):
        detail = _("You may not do this.")
        return Response(error_body(exc.status_code, "permission_denied", detail), status=exc.status_code)
    if isinstance(exc, exceptions.ParseError):
        detail = _("The request body is not valid JSON.")
        return Response(
            error_body(exc.status_code, "parse_error", detail, {NON_FIELD: [detail]}), status=exc.status_code
        )
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
    errors = {NON_FIELD: _flatten(exc.detail)} if exc.status_code == 400 else None
    return Response(error_body(exc.status_code, code, exc.detail, errors), status=exc.status_code)


@csrf_exempt
def api_not_found(request, exception=None):
    """An address under /api/ that matches no endpoint: a 404 in the API's format."""
    detail = _("Not found: there is nothing at this address that you may see.")
    return JsonResponse(error_body(404, "not_found", detail), status=404)


def api_server_error(request):
    detail = _("Something went wrong on the server. Try again later.")
    return JsonResponse(error_body(500, "server_error", detail), status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the API's format under /api/, Django's page elsewhere."""
    if _is_api(request):
        detail = _("The request was refused: %(reason)s") % {"reason": reason}
        return JsonResponse(error_body(403, "csrf_failed", detail), status=403)
    return csrf_views.csrf_failure(request, reason=reason)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """handler404: the API's format under /api/, Django's page elsewhere."""
    if _is_api(request):
        return api_not_found(request, exception)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: the API's format under /api/, Django's page elsewhere."""
    if _is_api(request):
        return api_server_error(request)
    return defaults.server_error(request)
