"""Activities on a phone (issue 17, acceptance): a resident signs up for the last place;
the activity is full, so the next neighbour joins the waiting list; the resident cancels
and the neighbour moves up — told so in the page after a reload, and by a notification."""

import pytest
from playwright.sync_api import expect

from community.models import SignUp
from community.services import activities as services
from portal.notifications.models import Notification
from tests.browser.conftest import PHONE
from tests.browser.test_compounds_journeys import _sign_in
from tests.community.activity_world import neighbour, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_fill_wait_and_move_up_on_a_phone(
    page, browser, live_server, place, committee_chair, resident, tenant, assert_accessible
):
    activity = publish(place, committee_chair, capacity=2, title="阅读社·读书会")
    services.signup_join(activity=activity, user=neighbour(place, "101"))

    _sign_in(page, resident)
    page.goto(f"/community/compounds/{place.compound.pk}/activities/")
    assert_accessible(page)
    page.get_by_test_id("activity").get_by_role("link").click()
    mine = page.get_by_test_id("my-place")
    expect(mine).to_have_attribute("data-state", "none")
    assert_accessible(page)
    mine.locator("form[action$='/sign-up/'] button").click()
    expect(mine).to_have_attribute("data-state", "confirmed")
    expect(page.get_by_test_id("places")).to_contain_text("2")

    other = browser.new_context(base_url=live_server.url, locale="zh-CN", **PHONE)
    phone = other.new_page()
    _sign_in(phone, tenant)
    phone.goto(f"/community/activities/{activity.pk}/")
    theirs = phone.get_by_test_id("my-place")
    theirs.locator("form[action$='/sign-up/'] button").click()
    expect(theirs).to_have_attribute("data-state", "waiting")
    assert SignUp.objects.get(user=tenant).state == "waiting"

    mine.locator("form[action$='/withdraw/'] button").click()
    expect(mine).to_have_attribute("data-state", "none")
    phone.reload()
    expect(theirs).to_have_attribute("data-state", "confirmed")
    assert SignUp.objects.get(user=tenant).state == "confirmed"
    assert Notification.objects.filter(recipient=tenant, event="activity.moved_up").exists()
    other.close()
