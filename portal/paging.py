"""Pages of long lists whose length is already known from a figure at hand (the queue's
counters, the 已解决 board's kept count, a vote's kept participation), so that paging does
not count the rows again."""

from __future__ import annotations

from django.core.paginator import Paginator


class Counted(Paginator):
    """A paginator told how many rows there are; without a count it counts as usual. Bad
    page numbers still give the first or last page (`get_page`)."""

    def __init__(self, rows, per_page: int, count: int | None = None):
        super().__init__(rows, per_page)
        if count is not None:
            self.count = count  # Paginator.count is a cached_property: this is its value
