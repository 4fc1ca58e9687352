"""A campaign's journey in Chromium at 390×844 (issue 14, item 9): the owner of a covered
home finds it on home, agrees from the phone; the collector records a payment with a
receipt photo; the progress line of 18栋 2单元 changes with each."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from finance.models import CampaignPayment
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_requests_journeys import _as
from tests.finance.campaigning import project_fund, start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_agrees_collector_records_a_payment_and_the_progress_line_changes(
    page, browser, live_server, place, committee_chair, party_secretary, supervisor, resident,
    tmp_path, assert_accessible,
):  # fmt: skip
    fund = project_fund(place, committee_chair, party_secretary)
    campaign = start(place, committee_chair, [party_secretary], account=fund)  # 4 homes, ¥25
    line = page.get_by_test_id("progress-line")
    _sign_in(page, resident)
    page.get_by_test_id("campaigns-waiting").get_by_role("link").first.click()
    expect(line).to_contain_text("18栋 2单元")
    expect(line).to_contain_text("0/4")
    assert_accessible(page)
    page.get_by_test_id("agree").click()
    expect(line).to_contain_text("1/4")
    expect(page.get_by_test_id("my-answer")).not_to_contain_text("?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    picture = tmp_path / "收据.jpg"
    Image.new("RGB", (400, 240), "white").save(picture, "JPEG")
    context, collector = _as(browser, live_server, party_secretary)
    collector.goto(f"/finance/campaigns/{campaign.pk}/")
    collector.get_by_test_id("pay").click()
    assert_accessible(collector)
    part = campaign.parts.get(unit__residencies__user=resident)
    collector.locator("#id_part").select_option(str(part.pk))
    collector.locator("#id_amount").fill("25.00")
    collector.locator("#id_method_0").check()
    collector.locator("#id_receipt").set_input_files(str(picture))
    collector.get_by_test_id("record-payment").click()
    expect(collector.get_by_test_id("progress-line")).to_contain_text("¥25.00")
    assert CampaignPayment.objects.get().entry.state == "submitted"
    context.close()

    page.reload()
    expect(line).to_contain_text("1/4")
    expect(line).to_contain_text("¥25.00")


def test_the_list_and_the_form_to_start_one_are_accessible(
    page, place, committee_chair, party_secretary, resident, assert_accessible
):
    fund = project_fund(place, committee_chair, party_secretary)
    campaign = start(place, committee_chair, [party_secretary], account=fund)
    _sign_in(page, committee_chair)
    page.goto(f"/finance/compound/{place.compound.pk}/")
    page.get_by_test_id("campaigns-link").click()
    expect(page.get_by_test_id("campaigns")).to_contain_text(campaign.title)
    assert_accessible(page)
    page.get_by_test_id("start-campaign").click()
    expect(page.locator("#id_collectors")).to_contain_text(party_secretary.display_name)
    assert_accessible(page)
