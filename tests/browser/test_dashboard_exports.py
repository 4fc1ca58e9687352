"""Issue 15 in the browser: the street-office user drills down from a compound's overdue
count to those requests (a chip says the list is filtered, its × removes it), downloads the
XLSX, and opens the printable summary, whose 打印 button works without inline script."""

from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.site.dashboard.refresh import refresh_figures
from requests.models import Request
from tests.browser.test_compounds_journeys import _sign_in
from tests.requests.test_workflow import cat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_street_staff_drill_down_export_and_print(
    page, place, resident, street_staff, assert_accessible
):
    now = timezone.now()
    late = [
        Request.objects.create(
            compound=place.compound,
            place="大门",
            category=cat(),
            description=f"第{i}件",
            reporter=resident,
            handler_kind="property",
            accept_due=now - timedelta(hours=1),
            resolve_due=now + timedelta(days=1),
        )  # fmt: skip
        for i in range(2)
    ]
    refresh_figures()
    _sign_in(page, street_staff)
    page.goto("/dashboard/")
    assert_accessible(page)
    row = page.locator(f'tr[data-compound="{place.compound.pk}"]')
    row.get_by_test_id("overdue").get_by_role("link", name="2").click()
    expect(page.get_by_test_id("compound-chip")).to_contain_text("翡翠谷小区")
    for item in late:
        expect(page.get_by_test_id("queue")).to_contain_text(f"#{item.pk} ")
    assert_accessible(page)
    page.get_by_test_id("remove-compound").click()
    expect(page.get_by_test_id("compound-chip")).to_have_count(0)
    assert "overdue=1" in page.url and "compound=" not in page.url

    page.goto("/dashboard/")
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    with open(download.value.path(), "rb") as file:  # no extension: openpyxl reads a file
        sheet = openpyxl.load_workbook(file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "翡翠谷小区" and 2 in rows[1]
    assert download.value.suggested_filename.startswith("dashboard-updated-")

    page.get_by_test_id("print-summary").click()
    expect(page.get_by_test_id("totals")).to_be_visible()
    assert_accessible(page)
    page.evaluate("window.print = () => { window.printed = true }")
    page.get_by_test_id("print").click()
    assert page.evaluate("window.printed") is True
