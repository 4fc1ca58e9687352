"""Pages of long lists whose length is already known from a figure at hand (the queue's
counters, the 已解决 board's kept count), so that paging does not count the rows again;
and what a page of requests shows besides its rows."""

from __future__ import annotations

from django.core.paginator import Paginator

from compounds.models import Compound
from requests.models import Request


class Counted(Paginator):
    """A paginator told how many rows there are; without a count it counts as usual. Bad
    page numbers still give the first or last page (`get_page`)."""

    def __init__(self, rows, per_page: int, count: int | None = None):
        super().__init__(rows, per_page)
        if count is not None:
            self.count = count  # Paginator.count is a cached_property: this is its value


def with_compounds(rows: list[Request]) -> list[Request]:
    """A page of requests with their compounds and communities (one query) and each home's
    building where it is the request's own."""
    compounds = Compound.objects.select_related("community").in_bulk(
        {row.compound_id for row in rows}
    )
    for row in rows:
        row.compound = compounds[row.compound_id]
        if row.unit is not None and row.unit.building_id == row.building_id:
            row.unit.building = row.building
    return rows
