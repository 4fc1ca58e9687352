"""Exporting the registry in the import's columns, so an export imports back unchanged.

The rows come from one query (units left-joined to their current verified residents),
read through a cursor in chunks, and the workbook is written as they come
(portal.spreadsheets.xlsx_stream): neither the rows nor the workbook are ever whole in
memory, and the number of queries does not depend on the size of the compound.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import FilteredRelation, Q, QuerySet
from django.utils import timezone

from compounds.models import Compound, Residency, Unit
from compounds.registry.columns import EXPORT_HEADERS, RELATION_LABELS, SOURCE_LABELS
from portal.phones import national_number
from portal.spreadsheets import safe_cell, xlsx_stream

CHUNK = 2000  # rows fetched from the cursor at a time
FIELDS = (
    "building__name",
    "entrance",
    "door",
    "floor",
    "area",
    "area_source",
    "home__user__display_name",
    "home__user__phone",
    "home__relation",
)


def _registry(compound: Compound) -> QuerySet:
    """One row per current verified owner or tenant record, and one for each unit with
    nobody recorded, in the order of the units and then of the records."""
    today = timezone.localdate()
    home = FilteredRelation(
        "residencies",
        condition=Q(residencies__status=Residency.Status.VERIFIED)
        & Q(residencies__start__lte=today)
        & (Q(residencies__end__isnull=True) | Q(residencies__end__gte=today)),
    )
    return Unit.objects.filter(building__compound=compound).annotate(home=home)


def export_count(compound: Compound) -> int:
    """How many rows the export has: one COUNT over the export's own join (naming the
    joined record keeps the join in the count)."""
    return _registry(compound).values_list("pk", "home__pk").count()


def export_rows(compound: Compound) -> Iterator[list]:
    """The registry in the import's columns, read in chunks of CHUNK rows."""
    rows = (
        _registry(compound)
        .order_by("building_id", "entrance", "door", "pk", "home__pk")
        .values_list(*FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    for building, entrance, door, floor, area, source, name, phone, relation in rows:
        base = [building, entrance, door, floor, area, SOURCE_LABELS[source]]
        if relation is None:
            yield [*base, "", "", ""]
        else:
            yield [*base, name, national_number(phone), RELATION_LABELS[relation]]


def export_stream(compound: Compound, rows: Iterator[list] | None = None) -> Iterator[bytes]:
    """The .xlsx file, piece by piece. Text that looks like a formula stays text."""
    rows = export_rows(compound) if rows is None else rows
    cells = ([safe_cell(v) for v in row] for row in rows)
    return xlsx_stream(compound.name, _with_headers(cells))


def _with_headers(rows: Iterator[list]) -> Iterator[list]:
    yield EXPORT_HEADERS
    yield from rows


def export_xlsx(compound: Compound) -> bytes:
    """The whole file at once (tests and small compounds)."""
    return b"".join(export_stream(compound))
