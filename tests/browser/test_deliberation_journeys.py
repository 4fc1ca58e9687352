"""五议 end to end in Chromium at phone size, with the clock moved through the consultation
period, the 15 days' notice and the voting period: the party secretary proposes, the joint
meeting publishes minutes and a resident comments, the committee reviews (3 of 5 for),
the notice goes out, owners vote online (once), a tenant without a proxy cannot, a tenant
with one can, a collector enters a paper ballot that a second person verifies, the vote
closes and the published result shows area and headcount."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from compounds.models import Body
from deliberation import services
from deliberation.models import Ballot, OwnersVote, Proposal
from tests import factories as f
from tests.browser.test_compounds_journeys import _sign_in
from tests.compounds.test_services import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, user):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    _sign_in(page, user)
    return context, page


def _ok(page) -> None:
    expect(page.locator(".message-success")).to_be_visible()


def _local(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_a_proposal_goes_through_the_five_stages_to_a_counted_owners_vote(
    browser,
    live_server,
    place,
    committee_chair,
    party_secretary,
    resident,
    tenant,
    tmp_path,
    assert_accessible,
):
    body = Body.objects.get(compound=place.compound, kind="owners_committee")
    members = [committee_chair]
    for i in range(4):
        unit = f.UnitFactory(building=place.building, entrance="5单元", door=f"{i + 1}01")
        member = f.ResidencyFactory(unit=unit, user=f.UserFactory(display_name=f"委员{i}")).user
        f.MembershipFactory(body=body, user=member)
        members.append(member)
    owner302 = f.UserFactory(display_name="马老伯")
    f.ResidencyFactory(user=owner302, unit=tenant.residencies.get().unit)
    f.UnitFactory(building=place.building, entrance="2单元", door="101")  # 王奶奶: no account
    scan = tmp_path / "表决票.jpg"
    scan.write_bytes(photo("表决票.jpg").read())

    with time_machine.travel(timezone.now(), tick=True) as clock:
        # 提议 and 商议 ------------------------------------------------------------------
        ctx, page = _as(browser, live_server, party_secretary)
        page.goto(f"/deliberation/compound/{place.compound.pk}/proposals/new/")
        page.get_by_label("标题").fill("下水道盖板整修")
        page.get_by_label("背景").fill("18栋门口的下水道盖板松动，老人晚上容易绊倒。")
        page.get_by_label("预算（元）").fill("3600")
        page.get_by_label("事项类别").select_option(label="（五）使用建筑物及其附属设施的维修资金")
        page.get_by_role("button", name="提出", exact=True).click()
        _ok(page)
        proposal = Proposal.objects.get()
        assert proposal.origin == "party_branch"
        page.get_by_role("button", name="进入商议").click()
        expect(page.get_by_test_id("stage")).to_have_text("商议")
        page.get_by_role("link", name="就此召开联席会议").click()
        page.get_by_label("标题").fill("联席会议：下水道盖板整修")
        page.get_by_label("时间").fill(_local(timezone.now() - timedelta(minutes=30)))
        page.get_by_label("议程").fill("党支部、业委会、监委会商议盖板整修方案，物业列席。")
        page.get_by_role("button", name="保存会议").click()
        page.get_by_label("会议纪要").fill("三方一致同意更换为加厚铸铁盖板，使用维修资金。")
        page.get_by_role("button", name="公开会议纪要").click()
        expect(page.get_by_test_id("minutes")).to_contain_text("加厚铸铁盖板")
        ctx.close()

        ctx, page = _as(browser, live_server, resident)
        page.goto(f"/deliberation/proposals/{proposal.pk}/")
        assert_accessible(page)
        page.get_by_label("您的意见").fill("盖板最好做防滑处理。")
        page.get_by_role("button", name="提交意见").click()
        expect(page.get_by_test_id("comments")).to_contain_text("防滑")
        ctx.close()

        # 审议: after the 7 days of comments (to 24:00 of the last day, 第二百零三条) ------
        proposal.refresh_from_db()
        clock.move_to(proposal.consult_until + timedelta(minutes=5))
        ctx, page = _as(browser, live_server, party_secretary)
        page.goto(f"/deliberation/proposals/{proposal.pk}/")
        page.get_by_role("button", name="提交业委会审议").click()
        expect(page.get_by_test_id("stage")).to_have_text("审议")
        page.get_by_label("党支部意见").fill("党支部支持整修，请业委会组织业主表决。")
        page.get_by_role("button", name="记录意见").click()
        _ok(page)
        ctx.close()
        for member in members[1:3]:
            services.review_vote(proposal=proposal, by=member, choice="for")
        ctx, page = _as(browser, live_server, committee_chair)
        page.goto(f"/deliberation/proposals/{proposal.pk}/")
        page.get_by_test_id("review").get_by_role("button", name="同意").click()
        expect(page.get_by_test_id("review")).to_contain_text("5名委员中3名同意")

        # 决议: the notice, fifteen whole days ahead (条例 第十四条) -----------------
        page.get_by_role("button", name="进入决议").click()
        expect(page.get_by_test_id("stage")).to_have_text("决议")
        page.get_by_role("button", name="提交业主表决").click()
        opens = timezone.now() + timedelta(days=16, hours=1)
        page.get_by_label("投票开始").fill(_local(opens))
        page.get_by_label("投票截止").fill(_local(opens + timedelta(days=7)))
        page.get_by_role("button", name="发布公告并冻结业主名册").click()
        expect(page.get_by_test_id("vote-state")).to_have_text("已公告")
        vote = OwnersVote.objects.get()
        assert vote.roll.count() == 9
        ctx.close()

        clock.shift(timedelta(days=16, hours=2))
        ctx, page = _as(browser, live_server, resident)
        page.goto(f"/deliberation/votes/{vote.pk}/")
        ballot = page.get_by_test_id("ballot")
        ballot.get_by_text("反对", exact=True).click()
        ballot.get_by_role("button", name="投票").click()
        _ok(page)
        assert_accessible(page)
        page.get_by_test_id("ballot").get_by_text("同意", exact=True).click()
        page.get_by_test_id("ballot").get_by_role("button", name="投票").click()
        _ok(page)  # a change, not a second vote
        expect(page.get_by_test_id("participation")).to_contain_text("已投票1人（共9人）")
        ctx.close()

        ctx, page = _as(browser, live_server, tenant)
        page.goto(f"/deliberation/votes/{vote.pk}/")
        expect(page.get_by_text("您在这里没有表决权")).to_be_visible()
        expect(page.get_by_test_id("ballot")).to_have_count(0)
        services.proxy_register(
            vote=vote,
            unit=tenant.residencies.get().unit,
            owner=owner302,
            proxy_phone=tenant.phone,
            matters="下水道盖板整修的表决",
            valid_until=vote.closes_at,
            scan=photo("委托书.jpg"),
        )
        page.reload()
        expect(page.get_by_test_id("ballot")).to_contain_text("受托投票")
        page.get_by_test_id("ballot").get_by_text("同意", exact=True).click()
        page.get_by_test_id("ballot").get_by_role("button", name="投票").click()
        _ok(page)
        ctx.close()

        ctx, page = _as(browser, live_server, members[3])
        page.goto(f"/deliberation/votes/{vote.pk}/paper/")
        page.get_by_label("房屋").select_option(label="18栋 2单元 101")
        page.locator(".choice-row").filter(has_text="下水道").get_by_text(
            "同意", exact=True
        ).click()
        page.get_by_label("签名表决票的照片或扫描件").set_input_files(str(scan))
        page.get_by_role("button", name="录入表决票").click()
        _ok(page)
        expect(page.get_by_test_id("waiting")).to_contain_text("2单元 101")
        expect(page.get_by_role("button", name="与扫描件一致，核验通过")).to_have_count(0)
        ctx.close()
        ctx, page = _as(browser, live_server, members[4])
        page.goto(f"/deliberation/votes/{vote.pk}/paper/")
        page.get_by_role("button", name="与扫描件一致，核验通过").click()
        _ok(page)
        ctx.close()
        for owner in [party_secretary, committee_chair, *members[1:3]]:
            services.ballot_cast(
                vote_id=vote.pk,
                unit_id=owner.residencies.get().unit_id,
                by=owner,
                choices={vote.topics.get().pk: "for"},
            )
        assert Ballot.objects.filter(vote=vote, counted=True).count() == 7

        # Close and count (beat's task), then the published result ------------------------
        clock.shift(timedelta(days=7))
        assert services.close_due() == 1
        ctx, page = _as(browser, live_server, resident)
        page.goto(f"/deliberation/votes/{vote.pk}/")
        result = page.get_by_test_id("result")
        expect(result).to_contain_text("通过")
        expect(result.locator("tr").filter(has_text="参与表决")).to_contain_text("626.50")
        expect(result.locator("tr").filter(has_text="参与表决")).to_contain_text("7")
        expect(result.locator("tr").filter(has_text="全体业主")).to_contain_text("805.50")
        expect(result).to_contain_text(re.compile("三分之二以上"))
        page.goto(f"/deliberation/proposals/{proposal.pk}/")
        expect(page.get_by_test_id("stage")).to_have_text("评议")
        expect(page.get_by_test_id("decision")).to_have_text("通过")
        ctx.close()
