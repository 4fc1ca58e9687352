"""Home on a 390×844 phone (issue 12, item 6): the 报修 and 求助 tiles are on the first
screen, in normal text and in 长辈模式, even with notices and requests above the fold."""

import pytest
from playwright.sync_api import expect

from compounds.announcements.models import Announcement
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, phone: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(phone)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_report_and_help_tiles_are_on_the_first_screen(page, place, resident, large):
    for i in range(3):
        Announcement.objects.create(
            publisher=resident, compound=place.compound, title=f"第{i}号通知：电梯检修", body="x"
        )
    _sign_in(page, "13800000001")
    tiles = page.get_by_role("navigation", name="服务")
    expect(tiles).to_be_visible()
    if large:
        page.get_by_test_id("large-text-toggle").click()
        expect(page.locator("html")).to_have_class("large-text")
    page.evaluate("window.scrollTo(0, 0)")
    for label in ["报修", "求助"]:
        box = tiles.get_by_role("link", name=label, exact=True).bounding_box()
        assert box is not None and box["y"] >= 0, label
        assert box["y"] + box["height"] <= 844, (label, box)
    # The notices come after the tiles.
    notices = page.get_by_test_id("home-notices").bounding_box()
    assert notices["y"] > tiles.bounding_box()["y"]
