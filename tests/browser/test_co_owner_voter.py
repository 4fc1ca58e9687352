"""Issue 11, item 2, in Chromium at phone size (390×844): an owner names themselves voter of
the home they co-own, the co-owner confirms on their own phone, and the vote page then
offers the ballot of that home to the new voter only — while the roll's headcount does not
change (法释〔2009〕7号 第九条: owners are counted by who owns the home, not by who votes)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from compounds.models import Residency
from compounds.queries import owner_roll
from deliberation import services
from deliberation.services.votes import earliest_opening
from tests import factories as f
from tests.browser.test_compounds_journeys import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser, live_server, user):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    _sign_in(page, user)
    return context, page


def test_an_owner_names_themselves_the_co_owner_confirms_and_the_vote_follows(
    browser, live_server, place, committee_chair, assert_accessible
):
    lao_wang = f.UserFactory(phone="+8613600000701", display_name="老王")
    wang_ayi = f.UserFactory(phone="+8613600000702", display_name="王阿姨")
    home = f.UnitFactory(building=place.building, entrance="2单元", door="701")
    f.ResidencyFactory(user=wang_ayi, unit=home, relation="co_owner", is_voter=True)
    mine = f.ResidencyFactory(user=lao_wang, unit=home, relation="co_owner")
    heads = owner_roll(place.compound).headcount  # the chair's home and 701: 2 owners

    with time_machine.travel(timezone.now(), tick=True) as clock:
        ctx, page = _phone(browser, live_server, lao_wang)
        page.goto("/compounds/homes/")
        expect(page.get_by_test_id("who-votes")).to_contain_text("王阿姨")
        page.get_by_test_id("name-me").click()
        expect(page.locator(".message-success")).to_be_visible()
        expect(page.get_by_test_id("naming")).to_contain_text("王阿姨")  # waiting for her
        expect(page.get_by_test_id("who-votes")).to_contain_text("王阿姨")  # she still votes
        assert_accessible(page)
        ctx.close()

        ctx, page = _phone(browser, live_server, wang_ayi)
        page.goto("/compounds/homes/")
        expect(page.get_by_test_id("naming")).to_contain_text("老王")
        page.get_by_test_id("confirm-voter").click()
        expect(page.locator(".message-success")).to_contain_text("老王")
        expect(page.get_by_test_id("who-votes")).to_contain_text("老王")
        expect(page.get_by_test_id("naming")).to_have_count(0)
        ctx.close()
        assert Residency.objects.get(pk=mine.pk).is_voter

        vote = services.vote_create(
            by=committee_chair,
            compound=place.compound,
            title="更换2单元门禁",
            method="网上投票",
            topics=[{"title": "同意更换门禁", "matter_item": 5}],
        )
        opens = earliest_opening(timezone.now())
        services.vote_publish_notice(
            vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(7)
        )
        clock.move_to(opens + timedelta(hours=9))

        ctx, page = _phone(browser, live_server, lao_wang)
        page.goto(f"/deliberation/votes/{vote.pk}/")
        expect(page.get_by_test_id("ballot")).to_contain_text("2单元 701")  # the new voter
        # The roll still counts two owners: the chair, and 701 whoever votes for it.
        expect(page.get_by_test_id("participation")).to_contain_text(f"0 / {heads}")
        assert_accessible(page)
        ctx.close()

        ctx, page = _phone(browser, live_server, wang_ayi)
        page.goto(f"/deliberation/votes/{vote.pk}/")
        expect(page.get_by_test_id("ballot")).to_have_count(0)  # she no longer casts it
        ctx.close()

    vote.refresh_from_db()
    assert vote.roll.values("head_key").distinct().count() == heads == 2
