"""Notices end to end: publish, see the badge change live, read, and the read receipt."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_compounds_journeys import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_urgent_notice_reaches_the_owner_live_and_the_receipt_comes_back(
    page,
    browser,
    live_server,
    settings,
    place,
    party_secretary,
    resident,
    tenant,
    celery_worker_process,
    assert_accessible,
):
    settings.NOTIFICATIONS_POLL_SECONDS = 1
    _sign_in(page, resident)
    badge = page.get_by_test_id("unread-count")
    expect(badge).to_be_hidden()

    secretary = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    desk = secretary.new_page()
    _sign_in(desk, party_secretary)
    desk.goto("/notices/new/")
    assert_accessible(desk)
    desk.get_by_label("发给谁").select_option(label="翡翠谷小区")
    desk.get_by_label("18栋").check()
    desk.get_by_label("标题").fill("明天上午停水")
    desk.get_by_label(re.compile("^内容")).fill("因管道维修，明天8点至12点停水，请提前储水。")
    desk.get_by_label(re.compile("紧急")).check()
    desk.get_by_role("button", name="发布", exact=True).click()
    expect(desk.locator("h1")).to_contain_text("明天上午停水")

    expect(badge).to_have_text("1", timeout=15_000)  # no reload: htmx polled it
    page.get_by_role("link", name="消息通知").click()
    page.get_by_test_id("notification").first.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("明天上午停水")
    assert_accessible(page)

    # Audience: the owner, the tenant and the secretary (who lives in 18栋 and has opened
    # it); the owner's read is the second.
    desk.reload()
    expect(desk.get_by_test_id("receipt-summary")).to_contain_text("3位居民中已有2位已读")
    desk.get_by_role("link", name=re.compile("谁还没有读")).click()
    expect(desk.locator("table")).not_to_contain_text("刘桂英")
    expect(desk.locator("table")).to_contain_text("马小龙")
    secretary.close()
