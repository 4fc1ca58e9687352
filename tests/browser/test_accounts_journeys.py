"""Each person's first steps, end to end in Chromium at phone size, in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from portal.sms import last_sms_to
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, phone: str, password: str) -> None:
    page.get_by_label("手机号或邮箱").fill(phone)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()


def test_resident_signs_in_switches_language_and_keeps_large_text(
    page, resident, assert_accessible
):
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()
    assert_accessible(page)
    _sign_in(page, "13800000001", PASSWORD)

    tiles = page.get_by_role("navigation", name="服务")
    for label in [
        "报修",
        "求助",
        "通知",
        "议事",
        "我的报修",
        "我的房屋",
    ]:  # no 公开: finance is later
        expect(tiles.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(page.get_by_test_id("current-compound")).to_have_text("翡翠谷小区")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(
        page.get_by_role("navigation", name="Services").get_by_role(
            "link", name="Report", exact=True
        )
    ).to_be_visible()
    page.get_by_role("button", name="中文").click()
    expect(tiles.get_by_role("link", name="报修", exact=True)).to_be_visible()

    toggle = page.get_by_test_id("large-text-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    before = page.evaluate("getComputedStyle(document.body).fontSize")
    toggle.click()
    expect(page.locator("html")).to_have_class(re.compile("large-text"))
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile("large-text"))
    expect(page.get_by_test_id("large-text-toggle")).to_have_attribute("aria-pressed", "true")
    after = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(after.rstrip("px")) > float(before.rstrip("px")) >= 16
    assert_accessible(page)


def test_new_phone_signs_up_with_the_sms_code(page, db, assert_accessible):
    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("手机号", exact=True).fill("139 1234 5678")
    page.get_by_label(re.compile("怎么称呼")).fill("王阿姨")
    page.get_by_label("密码").fill("Lanhua-2026!")
    page.locator("main").get_by_role("button", name="注册").click()

    code_field = page.get_by_label("验证码")
    expect(code_field).to_be_visible()
    message = last_sms_to("13912345678")
    assert message is not None, "the SMS backend received no code"
    code_field.fill(re.search(r"\d{6}", message.text).group(0))
    page.locator("main").get_by_role("button", name=re.compile("确认|验证")).click()

    expect(page.locator("h1")).to_contain_text("王阿姨")
    expect(page.get_by_role("button", name="绑定我家")).to_be_visible()
    assert_accessible(page)


def test_five_wrong_passwords_get_the_rate_limit_message_in_chinese(page, resident):
    page.goto("/accounts/login/")
    for _ in range(5):
        _sign_in(page, "13800000001", "wrong-password")
        expect(page.locator(".form-errors")).to_be_visible()
    _sign_in(page, "13800000001", "wrong-password")
    expect(page.locator(".form-errors")).to_contain_text("登录失败次数过多")
