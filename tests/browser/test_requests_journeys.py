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
    shown = page.locator("img.request-photo")
    expect(shown).to_have_count(1)
    expect(page.locator("img.request-photo").first).to_have_js_property(
        "complete", True
    )  # no eval: the CSP forbids it
    assert shown.evaluate("img => img.naturalWidth") > 0  # served through the view

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
    done = tmp_path / "修好了.jpg"
    done.write_bytes(photo("修好了.jpg").read())
    desk.get_by_label("完工照片（可选）").set_input_files(str(done))
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
    assert item.events.get(action="resolve").photos.count() == 1  # the work, photographed


def test_a_second_owner_follows_the_same_problem_and_is_told_of_progress(
    page, place, resident, building_head, assert_accessible
):
    from requests.models import Category
    from requests.services import request_file
    from requests.workflow import perform
    from tests.conftest import _owner

    first = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="2单元三楼楼梯口的灯坏了。",
    )
    neighbour = _owner(place, "+8613800000011", "林阿姨", "401")
    _sign_in(page, neighbour)
    page.goto(f"/requests/new/?building={place.building.pk}")
    page.get_by_text("照明", exact=True).click()
    similar = page.get_by_test_id("similar")  # shown while filing, before sending anything
    expect(similar).to_contain_text(f"#{first.pk}")
    assert_accessible(page)
    similar.get_by_role("button", name="我也遇到了（关注）").click()
    expect(page.locator(".message-success")).to_contain_text("有进展时会通知您")
    assert Request.objects.count() == 1  # followed, not filed again

    perform(first.pk, "accept", actor=building_head)
    page.goto("/notifications/")
    expect(page.get_by_test_id("notification").first).to_contain_text(
        re.compile(rf"工单#{first.pk}（照明）已由.+受理。")
    )


def test_an_emergency_left_alone_climbs_to_the_street_office_which_summons_a_department(
    page, browser, live_server, place, resident, street_staff, assert_accessible
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from compounds.models import Department, RoleAssignment
    from requests.models import Category
    from requests.services import request_file
    from requests.tasks import escalate_overdue
    from tests import factories as f

    water = Department.objects.create(
        street_office=place.compound.community.street_office, name="供水公司", kind="utility"
    )
    engineer = f.UserFactory(phone="+8613900000301", display_name="林工")
    f.RoleAssignmentFactory(
        user=engineer, role=RoleAssignment.Role.DEPARTMENT_STAFF, department=water
    )
    # Three days ago an emergency was filed and nobody touched it; the clock advances past
    # each deadline and beat's task runs, as it would every two minutes.
    with time_machine.travel(timezone.now() - timedelta(days=3), tick=False) as clock:
        item = request_file(
            reporter=resident,
            compound=place.compound,
            building=place.building,
            category=Category.objects.get(compound=None, code="water"),
            description="18栋地下室水管爆了，水一直在冒！",
            urgency="emergency",
        )
        clock.shift(timedelta(minutes=29))
        assert escalate_overdue() == 0  # still within the 30 minutes to accept
        for _level in ("committee", "community", "street_office"):
            clock.shift(timedelta(hours=24, minutes=2))
            assert escalate_overdue() == 1
    item.refresh_from_db()
    assert (item.handler_kind, item.escalation_level) == ("street_office", 3)

    _sign_in(page, street_staff)
    page.goto("/requests/queue/")  # "waiting for us" is the default view
    expect(page.get_by_test_id("counters")).to_contain_text("1 上报给我们")
    page.get_by_test_id("queue").get_by_role("link", name=re.compile(f"#{item.pk}")).click()
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(4)  # filed, then three escalations
    expect(timeline.locator("li").filter(has_text="已上报")).to_have_count(3)
    assert_accessible(page)
    page.locator("summary", has_text="吹哨召集部门").click()  # a move beside the next one
    page.get_by_label("部门").select_option(label="供水公司")
    page.get_by_label("要求对方做什么").fill("请立即关闭总阀并抢修")
    _act(page, "吹哨召集部门")
    expect(page.get_by_test_id("whistles")).to_contain_text("供水公司")

    engineer_context, desk = _as(browser, live_server, engineer)
    desk.goto("/requests/queue/")
    desk.get_by_test_id("queue").get_by_role("link", name=re.compile(f"#{item.pk}")).click()
    _act(desk, "报到")
    desk.get_by_label("您的答复").fill("已关闭总阀，抢修队半小时内到场")
    _act(desk, "答复")
    engineer_context.close()
    page.reload()
    expect(page.get_by_test_id("whistles")).to_contain_text("已关闭总阀")


def test_two_volunteers_press_take_on_one_help_order_and_one_wins(
    page, browser, live_server, place, resident, volunteer, assert_accessible
):
    from requests.models import Category
    from requests.services import request_file
    from tests import factories as f

    order = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        kind="help",
        category=Category.objects.get(compound=None, code="other"),
        description="想请人帮忙去药店买降压药。",
    )
    second = f.UserFactory(phone="+8613800000012", display_name="钱志愿")
    f.RoleAssignmentFactory(user=second, role="volunteer", compound=place.compound)
    _sign_in(page, volunteer)
    other_context, other = _as(browser, live_server, second)
    for board in (page, other):  # both see the order open
        board.goto("/requests/help/")
        expect(board.get_by_test_id("help-orders")).to_contain_text("降压药")
    assert_accessible(page)
    page.get_by_role("button", name="我来接单").click()
    other.get_by_role("button", name="我来接单").click()
    expect(page.locator(".message-success")).to_contain_text("接单成功")
    expect(other.locator(".message-error")).to_contain_text("这单已经被别人接了")
    other_context.close()
    order.refresh_from_db()
    assert order.handler == volunteer and order.state == "assigned"
