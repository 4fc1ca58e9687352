"""Issue 15's acceptance, on a desktop window: the street-office user opens the dashboard,
sorts by governance health, opens a compound's parts, drills down from its overdue count
to those requests, exports the XLSX (which matches the table row for row) and sees a chart
with its table; a community staff member sees only their community's compounds; an owner
gets 404."""

from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.site.dashboard.refresh import refresh_figures
from requests.models import Request
from tests import factories as f
from tests.browser.test_compounds_journeys import _sign_in
from tests.requests.test_workflow import cat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COLUMNS = {"open": "未办结", "overdue": "已超时", "escalated": "已上报（吹哨）"}


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 860},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _world(place, resident):
    office = place.compound.community.street_office
    neighbour = f.CompoundFactory(
        name="金桂苑", community=f.CommunityFactory(street_office=office, name="金桂社区")
    )
    now = timezone.now()
    late = [
        Request.objects.create(
            compound=place.compound,
            place="大门",
            category=cat(),
            description=f"门禁坏了第{i}次",
            reporter=resident,
            handler_kind="property",
            accept_due=now - timedelta(hours=2),
            resolve_due=now + timedelta(days=1),
        )
        for i in range(2)
    ]
    refresh_figures()
    return neighbour, late


def test_street_staff_sort_open_parts_drill_down_export_and_chart(
    desktop, place, resident, street_staff
):
    neighbour, late = _world(place, resident)
    page = desktop
    _sign_in(page, street_staff)
    page.goto("/dashboard/?sort=open")
    page.get_by_test_id("sort-health").click()
    expect(page.get_by_role("columnheader", name="治理健康度")).to_have_attribute(
        "aria-sort", "ascending"
    )
    rows = page.get_by_test_id("row")
    expect(rows).to_have_count(2)
    ours = rows.first  # two overdue requests: the worse health, first
    expect(ours).to_have_attribute("data-compound", str(place.compound.pk))

    # The parts of its health, then its figures page with the trends.
    ours.get_by_test_id("health").locator("summary").click()
    expect(ours.get_by_test_id("health")).to_contain_text("×25")
    ours.get_by_role("link", name="查看构成").click()
    expect(page.get_by_test_id("health-score")).to_be_visible()
    chart = page.locator("[data-testid^=chart-][data-testid$=-requests]")
    expect(chart.locator("svg[role=img]")).to_have_count(1)
    expect(chart.locator("table tbody tr")).to_have_count(12)
    page.go_back()

    # From the overdue count to exactly those requests.
    page.get_by_test_id("row").first.get_by_test_id("overdue").get_by_role("link").click()
    expect(page.get_by_test_id("compound-chip")).to_contain_text("翡翠谷小区")
    for item in late:
        expect(page.get_by_test_id("queue")).to_contain_text(f"#{item.pk} ")

    # The XLSX holds the table's rows, in its order, with its figures.
    page.goto("/dashboard/")
    shown = []
    for i in range(page.get_by_test_id("row").count()):
        row = page.get_by_test_id("row").nth(i)
        cells = {key: row.get_by_test_id(key).inner_text().strip() for key in COLUMNS}
        shown.append((row.locator("th a").inner_text().strip(), cells))
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(file).active
    header, *lines = list(sheet.iter_rows(values_only=True))
    assert len(lines) == len(shown)
    for (name, cells), line in zip(shown, lines, strict=True):
        assert line[0] == name
        for key, label in COLUMNS.items():
            assert str(line[header.index(label)]) == cells[key], (name, label)


def test_community_staff_see_their_community_only_and_an_owner_gets_404(
    desktop, place, resident, community_staff
):
    neighbour, _late = _world(place, resident)
    page = desktop
    _sign_in(page, community_staff)
    page.goto("/dashboard/")
    expect(page.get_by_test_id("row")).to_have_count(1)
    expect(page.get_by_test_id("dashboard")).not_to_contain_text(neighbour.name)
    page.context.clear_cookies()
    _sign_in(page, resident)
    response = page.goto("/dashboard/")
    assert response.status == 404
    expect(page.locator("h1")).to_be_visible()  # the portal's own 404 page
