"""The one application error type, raised by services with a translatable message."""

from django.core.exceptions import ValidationError


class ApplicationError(ValidationError):
    """A rule of the programme refused a change.

    It is a ValidationError so that forms and the admin show it beside the field it
    names; `field` says which field, if any, the rule is about.
    """

    def __init__(self, message, *, field=None, code=None, params=None):
        self.field = field
        if field:
            super().__init__({field: [ValidationError(message, code=code, params=params)]})
        else:
            super().__init__(message, code=code, params=params)


class StaleCopy(ApplicationError):
    """The row changed after the editor loaded it: nothing is saved (pages say reload; the API 409)."""

    def __init__(self, message, *, params=None):
        super().__init__(message, code="stale_copy", params=params)
