"""Exports stream (issue 13): the registry workbook and the unread-receipts CSV are sent as
they are written, the first bytes before the rows are read, in a number of queries that
does not grow with the compound; the workbook is the one the old export built."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from compounds import registry
from compounds.announcements.models import Announcement
from compounds.models import Residency, Unit
from compounds.registry import exporting
from compounds.registry.columns import EXPORT_HEADERS, RELATION_LABELS, SOURCE_LABELS
from portal.spreadsheets import safe_cell, xlsx_stream
from tests import factories as f
from tests.compounds.test_announcements import _post

pytestmark = pytest.mark.django_db


def old_export_rows(compound) -> list[list]:
    """The export as it was built before it streamed (two queries, all rows in memory):
    the reference the streamed file must equal."""
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
        for residency in people.get(unit.pk) or [None]:
            if residency is None:
                rows.append([*base, "", "", ""])
            else:
                user = residency.user
                rows.append(
                    [*base, user.display_name, user.phone[3:], RELATION_LABELS[residency.relation]]
                )
    return rows


def _cells(row) -> list:
    """A row as openpyxl reads it back: numbers as numbers, empty cells as ''."""
    out = []
    for value in row:
        if isinstance(value, Decimal):
            value = float(value)
        out.append("" if value is None else value)
    return out


def _registry_of(place, units: int) -> None:
    """Units with nobody, one owner, an owner and a tenant, a former and an unverified
    resident, and a name that looks like a formula; and a unit of another compound."""
    building2 = f.BuildingFactory(compound=place.compound, name=f"{units}号楼")
    for n in range(units):
        unit = f.UnitFactory(
            building=place.building if n % 2 else building2,
            entrance=f"{n % 3 + 1}单元",
            door=f"{units}-{n + 101}",
            area=Decimal("80.25") + n,
            area_source=["register", "survey", "contract"][n % 3],
        )
        if n % 4 == 1:
            f.ResidencyFactory(unit=unit)
        if n % 4 == 2:
            f.ResidencyFactory(unit=unit)
            f.ResidencyFactory(unit=unit, relation="tenant")
        if n % 4 == 3:
            f.ResidencyFactory(unit=unit, end=timezone.localdate() - timedelta(days=3))
            f.ResidencyFactory(unit=unit, status=Residency.Status.PENDING)
    unit = f.UnitFactory(building=place.building, door=f"9{units:03d}")
    f.ResidencyFactory(unit=unit, user=f.UserFactory(display_name="=HYPERLINK(1)"))
    f.ResidencyFactory(
        unit=f.UnitFactory(building=f.BuildingFactory(compound=place.other_compound))
    )


def _download(client, compound) -> tuple[object, bytes]:
    response = client.get(reverse("compounds:registry_export", args=[compound.pk]))
    return response, b"".join(response.streaming_content)


def test_the_streamed_workbook_equals_the_old_export(client, place, street_staff):
    _registry_of(place, 14)
    client.force_login(street_staff)
    response, data = _download(client, place.compound)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="registry-')
    rows = [list(row) for row in load_workbook(io.BytesIO(data)).active.values]
    expected = [
        EXPORT_HEADERS,
        *[[safe_cell(v) for v in r] for r in old_export_rows(place.compound)],
    ]
    assert [_cells(r) for r in rows] == [_cells(r) for r in expected]
    assert len(rows) == 1 + 14 + 14 // 4 + 1  # a row per unit, one more per second person
    (formula,) = [row for row in rows if row[2] == "9014"]
    assert formula[:3] == ["18栋", "1单元", "9014"] and formula[6] == "'=HYPERLINK(1)"


def test_the_first_bytes_go_out_before_the_rows_are_read(client, place, street_staff):
    _registry_of(place, 5)
    client.force_login(street_staff)
    response = client.get(reverse("compounds:registry_export", args=[place.compound.pk]))
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(pieces)
    assert first.startswith(b"PK\x03\x04") and len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        rest = b"".join(pieces)
    assert len(queries) == 1  # the rows: one query, read through a cursor
    assert load_workbook(io.BytesIO(first + rest)).active.max_row == 1 + 5 + 1 + 1


def test_rows_read_in_small_chunks_are_the_same_rows(place, monkeypatch):
    _registry_of(place, 9)
    whole = list(registry.export_rows(place.compound))
    monkeypatch.setattr(exporting, "CHUNK", 2)
    assert list(registry.export_rows(place.compound)) == whole
    assert registry.export_count(place.compound) == len(whole)


def test_the_export_makes_as_many_queries_at_two_sizes(client, place, street_staff):
    client.force_login(street_staff)
    _download(client, place.compound)  # the session and standing, loaded once
    counts = []
    for units in (3, 60):
        _registry_of(place, units)
        with CaptureQueriesContext(connection) as queries:
            response, data = _download(client, place.compound)
        assert load_workbook(io.BytesIO(data)).active.max_row > units
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_cells_a_spreadsheet_would_misread_are_kept_as_text():
    rows = [
        ["a&b<c>", "tab\there", "bell\x07gone", True, 3, 2.5, Decimal("126.00"), None, ""],
        ["=1+2", "+86", "-3", "@SUM(A1)"],
    ]
    data = b"".join(xlsx_stream("名册[1]/*?", ([safe_cell(v) for v in r] for r in rows)))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "名册_1____"
    values = [list(r) for r in sheet.values]
    assert values[0][:7] == ["a&b<c>", "tab\there", "bellgone", True, 3, 2.5, 126]
    assert values[1][:4] == ["'=1+2", "'+86", "'-3", "'@SUM(A1)"]
    assert all(cell.data_type == "s" for cell in sheet[2][:4])


def test_an_empty_registry_is_a_workbook_with_its_headers(client, place, street_staff):
    client.force_login(street_staff)
    _response, data = _download(client, place.compound)
    assert [list(r) for r in load_workbook(io.BytesIO(data)).active.values] == [EXPORT_HEADERS]


def test_the_unread_csv_streams_with_its_bom_and_safe_cells(
    client, place, party_secretary, resident, tenant
):
    f.ResidencyFactory(
        unit=f.UnitFactory(building=place.building, door="777"),
        user=f.UserFactory(display_name="=cmd|calc"),
    )
    client.force_login(party_secretary)
    _post(client, place)
    notice = Announcement.objects.get()
    url = reverse("announcements:receipts", args=[notice.pk]) + "?format=csv"
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["姓名", "楼栋", "单元", "门牌号", "手机号"]
    names = [row[0] for row in rows[1:]]
    assert {"刘桂英", "马小龙", "'=cmd|calc"} <= set(names)
    assert len(names) == len(set(names))  # each person once


def test_the_unread_csv_makes_as_many_queries_at_two_sizes(client, place, party_secretary):
    client.force_login(party_secretary)
    client.get(reverse("announcements:list"))  # the session and standing, loaded once
    counts = []
    for people in (2, 40):
        for _n in range(people):
            f.ResidencyFactory(unit=f.UnitFactory(building=place.building))
        _post(client, place)
        notice = Announcement.objects.order_by("-pk").first()
        url = reverse("announcements:receipts", args=[notice.pk]) + "?format=csv"
        with CaptureQueriesContext(connection) as queries:
            data = b"".join(client.get(url).streaming_content)
        assert data.decode("utf-8-sig").count("\n") > people
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
