"""Money for repairs at phone size (issue 14, items 3 and 4): the property worker
estimates a broken drain cover, the owners' committee chair raises the pre-filled fund
resolution from the request's page and the request then shows it; an emergency use is
approved by the chair and confirmed by community staff, then the keeper may submit it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from deliberation.models import Proposal
from finance.models import Entry
from requests.models import Category
from requests.services import request_file
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_requests_journeys import _as
from tests.finance.conftest import open_kept, record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_costly_repair_becomes_a_fund_resolution_and_the_request_shows_it(
    page, browser, live_server, place, resident, worker, committee_chair, assert_accessible
):
    item = request_file(
        reporter=resident, compound=place.compound, building=place.building,
        category=Category.objects.get(compound=None, code="road"),
        description="门前下水道盖板破损", place="18栋门前道路",
    )  # fmt: skip
    _sign_in(page, worker)
    page.goto(f"/requests/{item.pk}/")
    page.get_by_role("button", name="受理", exact=True).click()
    page.locator("summary", has_text="估价").click()
    page.get_by_label("估计费用（元）", exact=True).fill("8400")
    page.get_by_role("button", name="估价", exact=True).click()
    expect(page.get_by_test_id("estimate")).to_have_text("¥8,400.00")
    expect(page.get_by_test_id("raise-fund")).to_have_count(0)  # the worker raises nothing

    context, chair = _as(browser, live_server, committee_chair)
    chair.goto(f"/requests/{item.pk}/")
    chair.get_by_test_id("raise-fund").click()
    expect(chair.get_by_test_id("source-request")).to_be_visible()
    assert_accessible(chair)
    expect(chair.get_by_label("预算（元）", exact=True)).to_have_value("8400.00")
    chair.get_by_role("button", name="提出", exact=True).click()
    proposal = Proposal.objects.get(request=item)
    assert proposal.budget_estimate == Decimal("8400.00") and proposal.matter_item == 5
    chair.goto(f"/requests/{item.pk}/")
    expect(chair.get_by_test_id("fund-proposal")).to_contain_text("提议")
    context.close()


def test_an_emergency_use_is_approved_and_confirmed_from_phones(
    page, browser, live_server, place, committee_chair, party_secretary, community_staff
):
    fund = open_kept(place, committee_chair, party_secretary, kind="maintenance_fund",
                     name="维修资金", opening="50000.00")  # fmt: skip
    entry = record(fund, party_secretary, amount=Decimal("6800.00"), category="repairs",
                   emergency="lift")  # fmt: skip
    _sign_in(page, committee_chair)
    page.goto(f"/finance/entries/{entry.pk}/")
    expect(page.get_by_test_id("emergency")).to_contain_text("电梯故障")
    page.get_by_test_id("emergency-approve").click()
    expect(page.get_by_test_id("emergency")).to_contain_text("业主委员会已批准")

    context, staff = _as(browser, live_server, community_staff)
    staff.goto(f"/finance/entries/{entry.pk}/")
    staff.get_by_test_id("emergency-confirm").click()
    expect(staff.get_by_test_id("emergency")).to_contain_text("社区已确认")
    context.close()

    keeper_context, keeper = _as(browser, live_server, party_secretary)
    keeper.goto(f"/finance/entries/{entry.pk}/")
    keeper.get_by_test_id("action-submit").click()
    expect(keeper.get_by_test_id("state")).to_have_text("待审核")
    assert Entry.objects.get(pk=entry.pk).state == "submitted"
    keeper_context.close()
