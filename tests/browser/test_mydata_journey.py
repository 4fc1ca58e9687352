"""A resident's personal data at phone size (issue 16, item 12): from 我的 in the header,
download their data, then delete the account with the password and the tick; signed out,
their number no longer signs in. Each page passes axe. Selectors are test ids and field
names: the new strings' Chinese is compiled by the lead."""

import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.test_compounds_journeys import _sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_downloads_their_data_then_deletes_the_account(
    page, place, resident, assert_accessible
):
    _sign_in(page, resident)
    page.get_by_test_id("my-account").click()
    expect(page.get_by_test_id("profile")).to_contain_text("13800000001")
    assert_accessible(page)

    page.get_by_test_id("my-data-link").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["profile"]["name"] == "刘桂英"

    page.goto("/me/delete/")
    assert_accessible(page)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=understood]").check()
    page.get_by_test_id("delete").click()
    expect(page.get_by_test_id("my-account")).to_have_count(0)  # signed out

    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill("13800000001")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("h1")).not_to_contain_text("您好")
