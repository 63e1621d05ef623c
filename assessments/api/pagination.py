"""Limit/offset pagination with a maximum page size; Persian digits read in both numbers."""

from rest_framework.pagination import LimitOffsetPagination

from excellence.persian import to_ascii_digits

MAX_PAGE_SIZE = 500
# Far beyond any table of the programme, and inside every database's integer range.
MAX_OFFSET = 10**12


def _positive_int(text, *, default: int, cutoff: int | None, strict: bool = False) -> int:
    try:
        value = int(to_ascii_digits(str(text)).strip())
    except (TypeError, ValueError):
        return default
    if value < 0 or (strict and value == 0):
        return default
    return min(value, cutoff) if cutoff is not None else value


class LimitOffsetPage(LimitOffsetPagination):
    """`?limit=100&offset=200`: at most 500 rows a page (a larger limit is cut to 500), 50 by default.

    An unreadable or negative number falls back to the default rather than failing.
    """

    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request):
        if self.limit_query_param in request.query_params:
            return _positive_int(
                request.query_params[self.limit_query_param],
                default=self.default_limit,
                cutoff=self.max_limit,
                strict=True,
            )
        return self.default_limit

    def get_offset(self, request):
        return _positive_int(
            request.query_params.get(self.offset_query_param, 0), default=0, cutoff=MAX_OFFSET
        )
