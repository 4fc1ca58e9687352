"""Issue 17, acceptance, as one journey at phone size (390×844): a resident finds a volunteer
team from the community page, applies, is accepted by the leader, and from the team's page
signs up for the team's next service activity; the community page then says they are
signed up."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from community.models import SignUp, TeamMember
from community.services.teams import team_create, team_decide
from tests.browser.test_compounds_journeys import _sign_in
from tests.community.activity_world import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_joins_a_team_and_signs_up_for_its_activity(
    page, place, resident, volunteer, party_secretary, assert_accessible
):
    team = team_create(
        by=party_secretary,
        compound=place.compound,
        name="环保卫生服务队",
        kind="environment",
        leader=volunteer,
    )
    activity = publish(
        place,
        party_secretary,
        title="家园美化清洁行动",
        is_service=True,
        capacity=10,
        starts_in=timedelta(days=2),
    )
    type(activity).objects.filter(pk=activity.pk).update(team=team, body=None)

    _sign_in(page, resident)
    page.get_by_test_id("community-link").click()
    page.get_by_test_id("hub-teams").get_by_role("link", name="环保卫生服务队").click()
    expect(page.locator("h1")).to_have_text("环保卫生服务队")
    expect(page.get_by_test_id("team-activities")).to_contain_text("家园美化清洁行动")
    apply = page.get_by_test_id("apply")
    apply.locator("input[name=note]").fill("周六上午有空")
    apply.get_by_role("button").click()
    expect(page.get_by_test_id("my-state")).to_be_visible()

    applied = TeamMember.objects.get(team=team, user=resident)
    team_decide(team=team, member_id=applied.pk, by=volunteer, accept=True)  # the leader
    page.reload()
    expect(page.get_by_test_id("members")).to_contain_text(str(resident))

    page.get_by_test_id("team-activities").get_by_role("link", name="家园美化清洁行动").click()
    mine = page.get_by_test_id("my-place")
    expect(mine).to_have_attribute("data-state", "none")
    assert_accessible(page)
    mine.locator("form[action$='/sign-up/'] button").click()
    expect(mine).to_have_attribute("data-state", "confirmed")
    assert SignUp.objects.get(activity=activity, user=resident).state == "confirmed"

    page.goto(f"/community/compounds/{place.compound.pk}/")
    expect(page.get_by_test_id("hub-activities")).to_be_visible()
    expect(page.locator("main")).to_contain_text("我已报名")
    assert_accessible(page)
