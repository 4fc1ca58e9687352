"""What a page of requests shows besides its rows, and the fields its rows load (the
paginator told the length it knows is portal.paging.Counted)."""

from __future__ import annotations

from compounds.models import Compound
from requests.models import Request

# The fields a row of the workbench shows and dispatching reads, and those of a card of
# the 已解决 board: a full request row is forty columns to build a model of, and a page
# builds twenty-five or thirty (queries.queue and queries.resolved_board load only these).
QUEUE_ROW_FIELDS = (
    *("category__code", "category__name", "category__compound_id", "building__name"),
    *("unit__building_id", "unit__entrance", "unit__door", "compound_id", "place"),
    *("state", "kind", "handler_kind", "handler_id", "escalation_level", "resolve_due"),
    "created_at",
)
BOARD_ROW_FIELDS = (
    *("category__code", "category__name", "category__compound_id", "building__name"),
    *("place", "unit_id", "outcome", "created_at", "resolved_at", "closed_at", "rating"),
)


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
