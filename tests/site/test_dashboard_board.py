"""The dashboard's board is rendered once per refresh, scope, sort and language and kept
(portal/site/dashboard/board.py): a second opening renders nothing, a refresh shows the
new figures at once, and nobody is shown a board kept for another scope or language."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.site.dashboard.refresh import refresh_figures
from requests.models import Request
from tests.requests.test_workflow import cat
from tests.site.test_dashboard import URL, ZH, _names, _office_world

pytestmark = pytest.mark.django_db


def _open(client, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, **(ZH | headers))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _overdue_cell(html: str, compound) -> str:
    row = html.split(f'data-compound="{compound.pk}"', 1)[1]
    return row.split('data-testid="overdue">', 1)[1].split("</td>", 1)[0]


def test_a_second_opening_reuses_the_board_and_a_refresh_replaces_it(
    client, place, street_staff, resident
):
    refresh_figures()
    client.force_login(street_staff)
    first, rendering = _open(client)
    second, kept = _open(client)
    board = first.split('data-testid="computed-at"', 1)[1]
    assert second.split('data-testid="computed-at"', 1)[1] == board
    assert kept < rendering  # no rows, no trends read again
    assert _overdue_cell(first, place.compound) == "0"
    Request.objects.create(
        compound=place.compound,
        place="大门",
        category=cat(),
        description="门禁坏了",
        reporter=resident,
        handler_kind="property",
        accept_due=timezone.now() - timedelta(hours=1),
        resolve_due=timezone.now() + timedelta(days=1),
    )
    assert _overdue_cell(_open(client)[0], place.compound) == "0"  # counted at the refresh
    refresh_figures()
    assert ">1</a>" in _overdue_cell(_open(client)[0], place.compound)


def test_boards_are_kept_apart_by_scope_sort_and_language(
    client, place, street_staff, community_staff
):
    w = _office_world(place)
    refresh_figures()
    assert w.sibling.name not in _names(client, community_staff)
    assert w.sibling.name in _names(client, street_staff)
    assert w.sibling.name not in _names(client, community_staff)  # after the wider one
    chinese, _ = _open(client)
    english, _ = _open(client, HTTP_ACCEPT_LANGUAGE="en")
    assert "导出" in chinese and "Export" in english and "导出" not in english
    by_health = _names(client, community_staff, "?sort=health")
    by_households = _names(client, community_staff, "?sort=households")
    assert sorted(by_health) == sorted(by_households)
