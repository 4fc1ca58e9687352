"""Issue 17, item 1 at phone size (390×844): a resident finds the community page from home,
applies to a volunteer team, and the team's leader accepts them from their own phone; a
leader hands the team over to a member, who then has the leader's tools."""

import pytest
from playwright.sync_api import expect

from community.services.teams import team_create
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, user) -> None:
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(user.phone[3:])
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("h1")).to_contain_text("您好")


def test_a_resident_applies_to_a_team_and_the_leader_accepts(
    page, browser, live_server, place, resident, volunteer, party_secretary, assert_accessible
):
    team = team_create(
        by=party_secretary,
        compound=place.compound,
        name="环保卫生服务队",
        kind="environment",
        leader=volunteer,
    )
    assert page.viewport_size == {"width": 390, "height": 844}

    _sign_in(page, resident)
    page.get_by_test_id("community-link").click()
    expect(page.get_by_test_id("hub-teams")).to_contain_text("环保卫生服务队")
    assert_accessible(page)
    page.get_by_test_id("hub-teams").get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text("环保卫生服务队")
    apply = page.get_by_test_id("apply")
    apply.locator("input[name=note]").fill("周末有空，会修自行车")
    apply.get_by_role("button").click()
    expect(page.get_by_test_id("my-state")).to_be_visible()
    assert_accessible(page)

    leader_context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE
    )
    leader = leader_context.new_page()
    try:
        _sign_in(leader, volunteer)
        leader.goto(f"/community/teams/{team.pk}/")
        applications = leader.get_by_test_id("applications")
        expect(applications).to_contain_text(str(resident))
        expect(applications).to_contain_text("会修自行车")
        assert_accessible(leader)
        applications.locator("button[value=accept]").click()
        expect(leader.get_by_test_id("members")).to_contain_text(str(resident))
        expect(leader.get_by_test_id("applications")).to_have_count(0)
    finally:
        leader_context.close()

    page.reload()
    expect(page.get_by_test_id("members")).to_contain_text(str(resident))
    expect(page.get_by_test_id("my-state")).to_be_visible()


def test_the_leader_hands_the_team_to_a_member_who_then_has_the_leaders_tools(
    page, browser, live_server, place, resident, volunteer, party_secretary, assert_accessible
):
    from community.services.teams import team_apply, team_decide

    team = team_create(
        by=party_secretary,
        compound=place.compound,
        name="环保卫生服务队",
        kind="environment",
        leader=volunteer,
    )
    joined = team_apply(team=team, user=resident)
    team_decide(team=team, member_id=joined.pk, by=volunteer, accept=True)

    _sign_in(page, volunteer)
    page.goto(f"/community/teams/{team.pk}/")
    tools = page.get_by_test_id("team-tools")
    expect(tools).to_be_visible()
    tools.get_by_test_id("hand-over-link").click()
    form = page.get_by_test_id("hand-over")
    expect(form).to_be_visible()
    assert_accessible(page)
    # Each member is a whole row a thumb can hit.
    row = form.locator("label.outcome-choice").filter(has_text=str(resident))
    box = row.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 300
    row.click()
    expect(form.get_by_label(str(resident))).to_be_checked()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("环保卫生服务队")
    expect(page.locator(".lead")).to_contain_text(str(resident))
    expect(page.get_by_test_id("team-tools")).to_have_count(0)  # no longer the leader's
    expect(page.get_by_test_id("members")).to_contain_text(str(volunteer))  # still a member

    new_context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **PHONE
    )
    new_leader = new_context.new_page()
    try:
        _sign_in(new_leader, resident)
        new_leader.goto(f"/community/teams/{team.pk}/")
        expect(new_leader.get_by_test_id("my-state")).to_have_text("您是队长")
        expect(new_leader.get_by_test_id("team-tools")).to_be_visible()
        expect(new_leader.get_by_test_id("disband-link")).to_be_visible()
        new_leader.get_by_test_id("disband-link").click()
        expect(new_leader.get_by_test_id("disband-effects")).to_be_visible()
        assert_accessible(new_leader)
    finally:
        new_context.close()
