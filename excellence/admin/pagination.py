"""A list's count, bounded: past COUNT_CAP rows a page says "more than 10,000" instead of counting all.

Counting a million findings for every list page, filter and search cost more than the page
itself at national scale; nobody pages to the 20,000th page. Below the cap the count is exact.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from excellence.numbers import shown_number_grouped

COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows; `count_capped` says the list holds more than COUNT_CAP."""

    @cached_property
    def count(self):
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # counting needs no order; an ordered count sorts every match first
        counted = rows[: COUNT_CAP + 1].count()
        return min(counted, COUNT_CAP + 1)

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap_shown(self) -> str:
        return shown_number_grouped(COUNT_CAP)
