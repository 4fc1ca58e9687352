"""The repair journey in Chromium at phone size: file from the QR link with a photo, accept
and dispatch, work and resolve, confirm and rate."""

import re

import pytest
from playwright.sync_api import expect

from requests.models import Request
from tests.browser.test_compounds_journeys import _sign_in
from tests.compounds.test_services import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, user):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    _sign_in(page, user)
    return context, page


def _act(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".message-success")).to_be_visible()


def test_owner_files_from_the_qr_link_and_rates_the_repair(
    page,
    browser,
    live_server,
    place,
    resident,
    building_head,
    worker,
    tmp_path,
    assert_accessible,
    celery_worker_process,
):
    picture = tmp_path / "灯.jpg"
    picture.write_bytes(photo().read())
    _sign_in(page, resident)
    page.goto(f"/requests/new/?building={place.building.pk}")
    expect(page.get_by_label("18栋 公共区域")).to_be_checked()  # pre-filled by the QR code
    assert_accessible(page)
    page.get_by_text("照明", exact=True).click()
    page.get_by_label("出了什么问题？").fill("2单元三楼楼梯口的灯坏了。")
    page.get_by_label(re.compile("照片")).set_input_files(str(picture))
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_test_id("state")).to_have_text("已提交")
    item = Request.objects.get()
    assert item.photos.count() == 1 and item.handler_kind == "property"

    head_context, head = _as(browser, live_server, building_head)
    head.goto(f"/requests/{item.pk}/")
    _act(head, "受理")
    head.locator("#assignee-assign").select_option(label="吴师傅")
    _act(head, "派单")
    head_context.close()

    worker_context, desk = _as(browser, live_server, worker)
    desk.goto("/requests/queue/")
    desk.get_by_test_id("queue").get_by_role("link").first.click()
    _act(desk, "开始处理")
    _act(desk, "办结")
    worker_context.close()

    page.reload()
    expect(page.get_by_test_id("state")).to_have_text("已办结")
    page.get_by_label("星级").select_option("5")
    page.get_by_label("留言").fill("修得很快")
    _act(page, "确认并评价")
    expect(page.get_by_test_id("state")).to_have_text("已关闭")
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(6)
    assert Request.objects.get().rating == 5
