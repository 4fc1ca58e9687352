"""The duty roster's journey in Chromium at 390×844 (issue 17, item 5): the branch
secretary puts the volunteer on duty now from the phone; a resident reports a broken lamp;
the volunteer sees it among the requests filed during the shift; the volunteer asks the
committee chair to take tomorrow's shift and the chair takes it. Then an open offer: the
volunteer offers a shift to anyone, the secretary finds it on the week and takes it, and
the volunteer's duty page no longer lists it; the secretary closes another station after
the step that asks to confirm."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Shift
from community.services import roster
from community.services.stations import station_open
from requests.models import Category
from requests.services import request_file
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_requests_journeys import _as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORMAT = "%Y-%m-%dT%H:%M"


def test_the_person_on_duty_sees_a_request_filed_during_the_shift_and_a_swap_is_accepted(
    page, browser, live_server, place, party_secretary, volunteer, committee_chair, resident,
    assert_accessible,
):  # fmt: skip
    station = station_open(
        by=party_secretary,
        compound=place.compound,
        name="人人坞党群服务站",
        place="小区东门",
        phone="0715-8888888",
    )
    now = timezone.localtime()
    tomorrow = (now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    roster.shift_arrange(
        station=station,
        by=party_secretary,
        person=volunteer,
        start=tomorrow,
        end=tomorrow + timedelta(hours=4),
    )

    # The secretary puts the volunteer on duty from now on, from the phone.
    _sign_in(page, party_secretary)
    page.goto(f"/community/compounds/{place.compound.pk}/roster/")
    assert_accessible(page)
    page.get_by_test_id("add-shift").click()
    page.locator("#id_person").select_option(str(volunteer.pk))
    page.locator("#id_start").fill((now - timedelta(minutes=10)).strftime(FORMAT))
    page.locator("#id_end").fill((now + timedelta(hours=3)).strftime(FORMAT))
    assert_accessible(page)
    page.get_by_test_id("save-shift").click()
    expect(page.get_by_test_id("on-duty")).to_contain_text(volunteer.display_name)
    expect(page.get_by_test_id("on-duty")).to_contain_text("13800000008")  # the arranger's view
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    lamp = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="楼道灯不亮",
    )

    # The volunteer sees it during the shift.
    context, duty = _as(browser, live_server, volunteer)
    duty.goto("/community/roster/duty/")
    expect(duty.get_by_test_id("duty-request")).to_contain_text(f"#{lamp.pk}")
    assert_accessible(duty)

    # ...and asks the chair to take tomorrow's shift.
    tomorrow_shift = Shift.objects.get(start=tomorrow)
    duty.get_by_test_id("my-shift").filter(has_text=tomorrow.strftime("%m-%d 08:00")).get_by_role(
        "link"
    ).click()
    duty.locator("#id_to").select_option(str(committee_chair.pk))
    duty.locator("#id_note").fill("家里有事，麻烦代一下")
    assert_accessible(duty)
    duty.get_by_test_id("send-offer").click()
    expect(duty.get_by_test_id("offered")).to_contain_text(committee_chair.display_name)
    context.close()

    # The chair finds the offer on their duty page and takes the shift.
    context, chair = _as(browser, live_server, committee_chair)
    chair.goto("/community/roster/duty/")
    chair.get_by_test_id("my-shift").get_by_role("link").first.click()
    chair.get_by_test_id("accept").click()
    expect(chair.get_by_test_id("person")).to_contain_text(committee_chair.display_name)
    expect(chair.get_by_test_id("event")).to_have_count(3)  # arranged, offered, accepted
    assert chair.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    tomorrow_shift.refresh_from_db()
    assert tomorrow_shift.person == committee_chair


def test_an_open_offer_is_taken_by_another_and_a_station_is_closed(
    page, browser, live_server, place, party_secretary, volunteer, assert_accessible
):
    station = station_open(
        by=party_secretary, compound=place.compound, name="人人坞党群服务站", place="小区东门"
    )
    day = (timezone.localtime() + timedelta(days=1)).replace(second=0, microsecond=0)
    start = day.replace(hour=17, minute=0)
    offered = roster.shift_arrange(
        station=station, by=party_secretary, person=volunteer, start=start,
        end=start + timedelta(hours=4),
    )  # fmt: skip

    # The volunteer cannot make it and offers the shift to anyone, from the phone.
    context, mine = _as(browser, live_server, volunteer)
    mine.goto(f"/community/roster/shifts/{offered.pk}/")
    mine.locator("#id_open-note").fill("临时出差，谁能帮忙顶一下")
    assert_accessible(mine)
    mine.get_by_test_id("offer-open").click()
    expect(mine.get_by_test_id("offered-open")).to_be_visible()
    assert mine.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()

    # The secretary finds it on the week (and was told), and takes it with one press.
    _sign_in(page, party_secretary)
    page.goto(f"/community/compounds/{place.compound.pk}/roster/?week={start:%Y-%m-%d}")
    offers = page.get_by_test_id("open-offer")
    expect(offers).to_have_count(1)
    expect(offers).to_contain_text(volunteer.display_name)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    offers.get_by_test_id("take").click()
    expect(page.get_by_test_id("person")).to_contain_text(party_secretary.display_name)
    expect(page.get_by_test_id("event")).to_have_count(3)  # arranged, offered, taken
    offered.refresh_from_db()
    assert offered.person == party_secretary and not offered.offered_open

    # The volunteer's duty page no longer lists it.
    context, mine = _as(browser, live_server, volunteer)
    mine.goto("/community/roster/duty/")
    expect(mine.get_by_test_id("my-shifts")).not_to_contain_text(f"{start:%m-%d} 17:00")
    context.close()

    # The secretary closes the station: a reason, then the step that asks to confirm.
    page.goto(f"/community/compounds/{place.compound.pk}/roster/")
    page.get_by_test_id("close-station").click()
    expect(page.get_by_test_id("what-closing-does")).to_contain_text("1")
    page.locator("#id_reason").fill("服务站搬到12栋，新站另行安排")
    assert_accessible(page)
    page.get_by_test_id("close").click()
    expect(page.get_by_test_id("confirm-close")).to_contain_text("服务站搬到12栋")
    assert_accessible(page)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("closed-station")).to_contain_text("人人坞党群服务站")
    expect(page.get_by_test_id("station")).to_have_count(0)
    offered.refresh_from_db()
    assert offered.cancelled_at is not None
