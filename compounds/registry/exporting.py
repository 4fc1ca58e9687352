"""Exporting the registry in the import's columns, so an export imports back unchanged."""

from __future__ import annotations

import io

from compounds.models import Compound, Residency, Unit
from compounds.registry.columns import EXPORT_HEADERS, RELATION_LABELS, SOURCE_LABELS
from portal.spreadsheets import safe_cell


def export_rows(compound: Compound) -> list[list]:
    """The registry in the import's columns: one row per current owner or tenant record,
    and one row for each unit with nobody recorded."""
    people: dict[int, list] = {}
    for residency in (
        Residency.objects.current()
        .filter(unit__building__compound=compound, status=Residency.Status.VERIFIED)
        .select_related("user")
        .order_by("pk")
    ):
        people.setdefault(residency.unit_id, []).append(residency)
    rows = []
    for unit in (
        Unit.objects.filter(building__compound=compound)
        .select_related("building")
        .order_by("building_id", "entrance", "door")
    ):
        base = [
            unit.building.name,
            unit.entrance,
            unit.door,
            unit.floor,
            unit.area,
            SOURCE_LABELS[unit.area_source],
        ]
        residents = people.get(unit.pk) or [None]
        for residency in residents:
            if residency is None:
                rows.append([*base, "", "", ""])
            else:
                rows.append(
                    [
                        *base,
                        residency.user.display_name,
                        residency.user.phone[3:],
                        RELATION_LABELS[residency.relation],
                    ]
                )
    return rows


def export_xlsx(compound: Compound) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(compound.name[:31])
    sheet.append(EXPORT_HEADERS)
    for row in export_rows(compound):
        # Text that looks like a formula stays text in the exported workbook.
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
