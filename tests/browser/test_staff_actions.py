"""Staff action pages at phone size (issue 12 item 8): the worker finds the one next move
as the big button and no 完工照片 field on 开始处理; the other moves open on demand; a help
order ends in words that fit help (已完成/部分完成/未能完成), in normal text and 长辈模式."""

import pytest
from django.utils.translation import override
from playwright.sync_api import expect

from requests import services, workflow
from requests.models import Category, Request
from tests.browser.test_compounds_journeys import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(place, reporter, **extra):
    return services.request_file(
        reporter=reporter,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="2单元三楼楼梯口的灯坏了。",
        place="三楼楼梯口",
        **extra,
    )


def _large_text(page) -> None:
    page.get_by_test_id("large-text-toggle").click()
    expect(page.locator("html")).to_have_class("large-text")


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_the_worker_sees_one_next_move_and_no_photo_field_to_start(
    page, place, resident, building_head, worker, large, assert_accessible
):
    item = _file(place, resident)
    workflow.perform(item.pk, "accept", actor=building_head)
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    _sign_in(page, worker)
    if large:
        _large_text(page)
    page.goto(f"/requests/{item.pk}/")
    actions = page.get_by_test_id("actions")
    primary = actions.locator("button.big-button")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text("开始处理")
    start = actions.locator("form", has=page.locator('[data-action="start"]'))
    expect(start.locator('input[type="file"]')).to_have_count(0)
    # 完工照片 belongs to 办结, which opens on demand; until then no file field is shown.
    expect(page.get_by_label("完工照片（可选）")).to_be_hidden()
    page.locator("summary", has_text="办结").click()
    expect(page.get_by_label("完工照片（可选）")).to_be_visible()
    # The handler sees where exactly and whom to call.
    expect(page.locator("dd", has_text="18栋 三楼楼梯口")).to_be_visible()
    expect(page.get_by_test_id("contact").get_by_role("link")).to_have_attribute(
        "href", "tel:+8613800000001"
    )
    box = primary.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    assert_accessible(page)
    page.screenshot(path=f"/tmp/screens-h4/worker-{'large' if large else 'normal'}.png")
    primary.click()
    expect(page.locator(".message-success")).to_be_visible()
    assert Request.objects.get(pk=item.pk).state == Request.State.IN_PROGRESS
    expect(page.get_by_test_id("actions").locator("button.big-button")).to_have_text("办结")


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_a_help_order_ends_in_words_that_fit_help(page, place, tenant, volunteer, large):
    item = _file(place, tenant, kind="help")
    workflow.perform(item.pk, "claim", actor=volunteer)
    workflow.perform(item.pk, "start", actor=volunteer)
    _sign_in(page, volunteer)
    if large:
        _large_text(page)
    page.goto(f"/requests/{item.pk}/")
    outcomes = page.get_by_test_id("actions").locator("fieldset.outcome-choices label")
    with override("zh-hans"):
        words = [str(text) for _code, text in workflow.HELP_OUTCOMES]
    assert words[:2] == ["已完成", "部分完成"]  # and 未能完成 (could not be done)
    expect(outcomes).to_have_text(words)
    for label in outcomes.all():
        assert label.bounding_box()["height"] >= 44
    page.get_by_label(words[1]).check()
    page.screenshot(path=f"/tmp/screens-h4/help-{'large' if large else 'normal'}.png")
    page.get_by_test_id("actions").locator("button.big-button").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert Request.objects.get(pk=item.pk).outcome == Request.Outcome.PARTLY_FIXED
    expect(page.get_by_test_id("outcome")).to_have_text(words[1])  # 部分完成, not 部分修好
