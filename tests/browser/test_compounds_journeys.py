"""Compounds journeys in Chromium at phone size, in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from compounds.models import RegistryImport, Residency
from tests import factories as f
from tests.compounds.test_registry import GOOD, csv_bytes
from tests.compounds.test_services import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, user) -> None:
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(user.phone[3:])
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("h1")).to_contain_text("您好")


def test_building_head_opens_the_board_and_the_printable_poster(
    page, place, building_head, assert_accessible
):
    _sign_in(page, building_head)
    page.get_by_role("link", name="两长四员").first.click()
    board = page.get_by_test_id("board")
    expect(board).to_contain_text("楼栋长")
    expect(board).to_contain_text("陈建国")
    expect(board.locator("tr.vacancy")).to_have_count(5)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("打印")).click()
    expect(page.get_by_test_id("qr").locator("svg")).to_be_visible()
    expect(page.locator("body")).to_contain_text(f"/requests/new/?building={place.building.pk}")
    pdf_like = page.emulate_media(media="print")
    assert pdf_like is None
    expect(page.get_by_test_id("board")).to_be_visible()


def test_owner_joins_a_second_home_and_the_housing_officer_verifies_it(
    page,
    browser,
    live_server,
    place,
    resident,
    housing_officer,
    celery_worker_process,
    tmp_path,
):
    second = f.UnitFactory(building=place.building, entrance="1单元", door="401")
    proof = tmp_path / "proof.jpg"
    proof.write_bytes(photo().read())

    _sign_in(page, resident)
    page.get_by_role("link", name="我的房屋").click()
    page.get_by_role("button", name=re.compile("添加")).click()
    page.get_by_label("小区").select_option(label=f"{place.compound.community.name} · 翡翠谷小区")
    page.get_by_label("楼栋").select_option(label="18栋")
    page.get_by_label(re.compile("哪一户")).select_option(value=str(second.pk))
    page.get_by_label("我是业主", exact=True).check()
    page.get_by_label(re.compile("证明")).set_input_files(str(proof))
    page.get_by_role("button", name=re.compile("提交审核")).click()
    expect(page.get_by_test_id("home")).to_have_count(2)
    expect(page.get_by_test_id("home").first).to_contain_text("待审核")

    officer = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    officer_page = officer.new_page()
    _sign_in(officer_page, housing_officer)
    officer_page.goto("/compounds/reviews/")
    card = officer_page.get_by_test_id("review").filter(has_text="1单元 401")
    card.get_by_role("button", name="审核通过").click()
    expect(officer_page.get_by_test_id("review")).to_have_count(0)
    officer.close()

    page.reload()
    homes = page.get_by_test_id("home")
    expect(homes).to_have_count(2)
    expect(homes.filter(has_text="1单元 401")).to_contain_text("已通过")
    assert Residency.objects.get(unit=second).status == "verified"


def test_staff_import_a_file_with_a_bad_row_then_fix_it(
    page, place, street_staff, celery_worker_process, tmp_path
):
    bad_file = tmp_path / "名册.csv"
    bad_file.write_bytes(csv_bytes([*GOOD, ["18栋", "1单元", "301", "-5", "实测", "", "", ""]]))
    good_file = tmp_path / "名册-改.csv"
    good_file.write_bytes(csv_bytes([*GOOD, ["18栋", "1单元", "301", "95.00", "实测", "", "", ""]]))

    _sign_in(page, street_staff)
    page.get_by_role("link", name="翡翠谷小区").click()
    page.get_by_role("button", name=re.compile("导入")).click()
    page.get_by_label(re.compile("文件")).set_input_files(str(bad_file))
    page.get_by_role("button", name=re.compile("检查")).click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("6")
    expect(problems).to_contain_text("面积")
    assert not Residency.objects.exists()

    page.get_by_role("button", name=re.compile("检查修改后的文件")).click()
    page.get_by_label(re.compile("文件")).set_input_files(str(good_file))
    page.get_by_role("button", name=re.compile("检查")).click()
    page.get_by_role("button", name=re.compile("开始导入|立即导入")).click()
    expect(page.get_by_test_id("progress")).to_contain_text("导入", timeout=60_000)
    expect(page.locator(".message-success")).to_be_visible(timeout=60_000)
    job = RegistryImport.objects.latest("pk")
    assert (job.status, job.created_units, job.created_residencies) == ("done", 4, 3)
