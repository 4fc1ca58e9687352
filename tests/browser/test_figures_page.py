"""A compound's figures page and the dashboard's trends (issue 15) in Chromium: the resident
reads the figures and a chart with its table at phone size, the street staff opens the page
from the dashboard; both pages pass axe (no serious or critical issue)."""

import re

import pytest
from playwright.sync_api import expect

from portal.site.dashboard.refresh import refresh_figures
from tests.browser.test_compounds_journeys import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_reads_the_figures_and_staff_open_them_from_the_dashboard(
    page, place, resident, street_staff, assert_accessible
):
    refresh_figures()
    _sign_in(page, resident)
    page.goto(f"/compounds/{place.compound.pk}/")
    page.get_by_test_id("compound-figures").click()
    expect(page.locator("h1")).to_have_text(place.compound.name)
    chart = page.get_by_test_id(f"chart-c{place.compound.pk}-requests")
    expect(chart.get_by_role("img")).to_be_visible()
    expect(chart.get_by_role("table").locator("tbody tr")).to_have_count(12)
    box = chart.get_by_role("img").bounding_box()
    assert box and box["width"] <= 390  # the chart fits the phone's width
    assert page.locator("a[href*='/requests/queue/']").count() == 0  # no staff links
    assert_accessible(page)

    page.context.clear_cookies()
    _sign_in(page, street_staff)
    page.goto("/dashboard/")
    assert_accessible(page)
    page.get_by_test_id("dashboard").get_by_role("link", name=place.compound.name).click()
    expect(page).to_have_url(re.compile(rf"/compounds/{place.compound.pk}/figures/$"))
    expect(page.get_by_test_id("health")).to_be_visible()
    assert_accessible(page)
