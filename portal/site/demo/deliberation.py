"""Demo deliberation for 翡翠谷小区, made through the services (so dossiers, audits and
counts are real): a proposal in every stage — the drain covers of the news report decided
by a finished owners' vote of 18栋 —, an open vote, a petition collecting signatures, a
building roundtable with minutes, and the election that filled the current committee term.

Votes need 15 days' notice and a voting period, so the seed publishes each notice with
lawful future dates and then moves the stored dates into the past (demo data only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compounds.announcements.models import Announcement
from compounds.models import Body, Compound, Membership
from compounds.queries import owner_roll
from deliberation import services, workflow
from deliberation.models import Election, OwnersVote, Proposal
from deliberation.services.votes import roll_text
from requests import workflow as request_workflow
from requests.models import Category
from requests.services import request_file

# A one-page PDF that opens (uploads are checked to be real PDFs): the scan of a signed ballot.
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
METHOD = "网上投票；不会用手机的业主，由楼栋长上门收取签字的书面表决票。"


def _scan(name: str = "表决票.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SCAN, content_type="application/pdf")


def _committee(fcg: Compound) -> list:
    body = Body.objects.current().get(compound=fcg, kind=Body.Kind.OWNERS_COMMITTEE)
    return [m.user for m in Membership.objects.current().filter(body=body).select_related("user")]


def _meeting(fcg, by, kind, title, agenda, minutes, proposals=(), days_ago=3):
    meeting = services.meeting_create(
        by=by,
        compound=fcg,
        kind=kind,
        title=title,
        held_at=timezone.now() - timedelta(days=days_ago),
        agenda=agenda,
        proposals=list(proposals),
    )
    return services.minutes_publish(meeting=meeting, by=by, minutes=minutes)


def _to_review(fcg, proposal, lead, residents, comments):
    workflow.advance(proposal.pk, "consult", actor=lead)
    for resident, text in zip(residents, comments, strict=False):
        services.comment_add(proposal=proposal, by=resident, text=text)
    _meeting(
        fcg,
        lead,
        "joint",
        f"联席会议：{proposal.title}",
        "党支部、业委会、监委会共同商议，物业公司列席。",
        "三方一致同意推进，方案按居民意见完善后提交业委会审议。",
        [proposal],
        days_ago=8,
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        consult_until=timezone.now() - timedelta(minutes=1)  # the 7 days are over
    )
    workflow.advance(proposal.pk, "review", actor=lead)


def _to_resolve(fcg, proposal, lead, secretary, members, votes_for):
    for member in members[:votes_for]:
        services.review_vote(proposal=proposal, by=member, choice="for")
    services.branch_opinion_record(proposal=proposal, by=secretary, opinion="党支部同意。")
    workflow.advance(proposal.pk, "resolve", actor=lead)


def _open_now(vote: OwnersVote, by, days_open: int = 7, days_ago: int = 3) -> OwnersVote:
    """A vote whose voting opened `days_ago` days ago, its notice given seventeen days
    before that — lawful (the notice day is not counted, 民法典 第二百零一条; fifteen whole
    days lie between, 物业管理条例 第十四条) — so the notice, the roll and the page all tell
    the same dates. Ballots of the demo are cast on the day voting opened."""
    opens = timezone.now() - timedelta(days=days_ago)
    services.vote_publish_notice(
        vote_id=vote.pk,
        by=by,
        opens_at=opens,
        closes_at=opens + timedelta(days=days_open),
        now=opens - timedelta(days=17),
    )
    return OwnersVote.objects.get(pk=vote.pk)


def _vote_everyone(vote: OwnersVote, collector, verifier, choice_of, share: float) -> None:
    """Registered voters vote online; a collector enters the others' signed paper ballots
    and a second person verifies them, until `share` of the roll has voted — all on the
    day voting opened."""
    at = vote.opens_at + timedelta(hours=10)
    topics = list(vote.topics.all())
    entries = list(vote.roll.order_by("pk"))
    wanted = int(len(entries) * share) + 1
    done_keys = set()
    for entry in entries:
        if len(done_keys) >= wanted:
            break
        if entry.head_key in done_keys:
            continue
        choices = {t.pk: choice_of(t, entry) for t in topics}
        if entry.voter_id:
            services.ballot_cast(
                vote_id=vote.pk, unit_id=entry.unit_id, by=entry.voter, choices=choices, now=at
            )
        else:
            (ballot, *_rest) = services.ballot_cast(
                vote_id=vote.pk,
                unit_id=entry.unit_id,
                by=collector,
                choices=choices,
                channel="paper",
                scan=_scan(),
                now=at,
            )
            services.ballot_verify(ballot_id=ballot.pk, by=verifier, now=at)
        done_keys.add(entry.head_key)


def _close(vote: OwnersVote, closed_on: datetime | None = None) -> OwnersVote:
    """Count a vote whose voting has ended (at its closing moment)."""
    services.vote_close(vote_id=vote.pk, now=vote.closes_at)
    services.vote_result_publish(vote_id=vote.pk)  # as the worker would, at once
    if closed_on is not None:  # an election of years ago: its dates, its notices, its roll
        noticed = closed_on - timedelta(days=30)
        OwnersVote.objects.filter(pk=vote.pk).update(
            noticed_at=noticed,
            opens_at=closed_on - timedelta(days=10),
            closes_at=closed_on,
            closed_at=closed_on,
            roll_source=roll_text(vote.compound, owner_roll(vote.compound), noticed),
        )
        for notice, published in ((vote.notice_id, noticed), (vote.result_notice_id, closed_on)):
            Announcement.objects.filter(pk=notice).update(
                published_at=published, expires_at=published + timedelta(days=30)
            )
    return OwnersVote.objects.get(pk=vote.pk)


def seed_deliberation(fcg: Compound, demo: dict) -> None:
    if Proposal.objects.filter(compound=fcg).exists():
        return
    fcg.refresh_from_db()
    chair, secretary, supervisor = demo["03"], demo["04"], demo["05"]
    head, volunteer, owner = demo["02"], demo["08"], demo["01"]
    members = _committee(fcg)
    b18 = fcg.buildings.get(name="18栋")
    mostly_for = lambda topic, entry: "against" if entry.unit_id % 7 == 0 else "for"  # noqa: E731

    # 评议: the drain covers of the news report, decided by 18栋's owners (maintenance fund),
    # raised from the owner's request once the property company estimated the repair.
    report = request_file(
        reporter=owner,
        compound=fcg,
        building=b18,
        category=Category.objects.get(compound=None, code="road"),
        description="18栋门前的下水道盖板破了好几块，下雨积水，车一压哐哐响，晚上睡不好。",
        place="18栋门前道路",
    )
    request_workflow.perform(report.pk, "accept", actor=demo["06"])
    request_workflow.perform(
        report.pk, "estimate", actor=demo["06"], estimate=Decimal("18600"),
        note="¥18,600.00 · 更换加厚铸铁盖板约 60 块",
    )  # fmt: skip
    covers = services.proposal_raise(
        source=report,
        by=secretary,
        compound=fcg,
        title="下水道盖板整修",
        background="18栋门前百余米下水道盖板破损，下雨时积水，车辆经过响声很大，居民睡不好觉。",
        options="更换为加厚铸铁盖板并重新固定；物业按表定期清理，监委会监督施工。",
        budget_estimate="18600",
        funding_source="maintenance_fund",
        matter_item=5,
    )
    _to_review(fcg, covers, secretary, [owner, head], ["盖板要防滑。", "施工请避开晚上。"])
    _to_resolve(fcg, covers, chair, secretary, members, 8)
    vote = services.proposal_put_to_vote(proposal=covers, by=chair, method=METHOD, buildings=[b18])
    vote = _open_now(vote, chair, days_open=5, days_ago=6)  # ended yesterday: counted
    _vote_everyone(vote, head, volunteer, mostly_for, share=0.8)
    _close(vote)
    services.progress_add(proposal=covers, by=chair, text="盖板已全部更换，整修完毕，地面平整。")
    request_workflow.perform(report.pk, "assign", actor=demo["06"], assignee=demo["06"])
    request_workflow.perform(report.pk, "resolve", actor=demo["06"], outcome="fixed",
                             note="按决议更换完毕，请业主验收。")  # fmt: skip

    # 完成: the fire-water account, an ordinary affair decided by the representatives.
    water = services.proposal_raise(
        by=chair,
        compound=fcg,
        title="小区消防用水重新立户",
        background="加气站搬迁后小区消防用水户头被注销，消防安全隐患增加。",
        options="协调原单位办理立户手续，排查整改消防管网。",
        funding_source="common_income",
    )
    _to_review(fcg, water, chair, [owner], ["越快越好。"])
    _to_resolve(fcg, water, chair, secretary, members, 7)
    reps = _meeting(
        fcg,
        chair,
        "representatives",
        "居民代表会议",
        "消防用水立户",
        "居民代表25人，到会21人，19人赞成。",
    )
    services.representatives_decide(
        proposal=water, by=chair, meeting=reps, representatives=25, present=21, in_favour=19
    )
    services.progress_add(proposal=water, by=chair, text="已完成立户，小区恢复消防供水。")
    workflow.advance(water.pk, "complete", actor=supervisor)
    services.evaluation_give(proposal=water, by=owner, verdict="satisfied")

    # 决议: raising the maintenance fund, voting open now in the whole compound.
    fund = services.proposal_raise(
        by=chair,
        compound=fcg,
        title="续筹专项维修资金",
        background="维修资金余额不足以支付电梯大修。",
        options="按每平方米20元续筹。",
        funding_source="maintenance_fund",
        matter_item=6,
    )
    _to_review(fcg, fund, chair, [owner], ["请公布资金使用明细。"])
    _to_resolve(fcg, fund, chair, secretary, members, 6)
    fund_vote = services.proposal_put_to_vote(proposal=fund, by=chair, method=METHOD)
    fund_vote = _open_now(fund_vote, chair, days_open=14)
    _vote_everyone(fund_vote, head, volunteer, mostly_for, share=0.3)

    # 审议: face-recognition gates, four of eleven for so far, and a supervisory hold.
    gates = services.proposal_raise(
        by=chair,
        compound=fcg,
        title="单元门禁升级为人脸识别",
        background="部分单元门禁老化，外来人员随意进出。",
        budget_estimate="56000",
        funding_source="common_income",
    )
    _to_review(fcg, gates, chair, [owner], ["老人不会用怎么办？"])
    for member in members[:4]:
        services.review_vote(proposal=gates, by=member, choice="for")
    services.hold_place(proposal=gates, by=supervisor, reason="请先公开三家供应商报价。")

    # 商议: parking lines, in consultation with comments.
    parking = services.proposal_raise(
        by=secretary,
        compound=fcg,
        title="规范停车位划线",
        background="路边乱停车，消防通道被占。",
        funding_source="common_income",
    )
    workflow.advance(parking.pk, "consult", actor=secretary)
    services.comment_add(proposal=parking, by=owner, text="消防通道一定要留出来。")
    services.comment_add(proposal=parking, by=head, text="18栋门口可以多划两个车位。")

    # 提议: a charging shed, and a residents' petition collecting signatures.
    services.proposal_raise(
        by=chair,
        compound=fcg,
        title="增设电动车集中充电棚",
        background="楼道里电动车飞线充电，存在火灾隐患。",
        funding_source="campaign",
    )
    road = services.proposal_raise(
        by=owner,
        compound=fcg,
        petition=True,
        title="修补小区主干道坑洼",
        background="主干道坑坑洼洼，老人和孩子容易摔倒。",
    )
    services.petition_sign(proposal=road, by=head)

    _meeting(
        fcg,
        head,
        "roundtable",
        "18栋楼栋圆桌会",
        "楼道堆物清理；电动车充电；盖板整修后的维护。",
        "楼道堆物本周末前清理完毕；电动车一律到充电棚充电；盖板由物业按表定期清理。",
        days_ago=5,
    )
    services.suggestion_submit(by=owner, compound=fcg, text="建议在小区门口加装无障碍坡道。")
    seed_past_election(fcg, demo, members)


def seed_past_election(fcg: Compound, demo: dict, members: list) -> None:
    """The election that filled the current term (2024–2028): the eleven members and two
    more candidates, by paper and online ballots; recorded as closed in December 2023."""
    chair = demo["03"]
    body = Body.objects.current().get(compound=fcg, kind=Body.Kind.OWNERS_COMMITTEE)
    election = Election.objects.create(
        compound=fcg,
        seats=11,
        term_start=body.start,
        term_end=body.end,
        organiser=chair,
    )
    others = [demo["01"], demo["02"]]  # two owners who stood and were not elected
    for person in [*members, *others]:
        services.candidate_nominate(
            election=election, user=person, by=chair, profile="热心小区事务，愿意为业主服务。"
        )
    vote = services.election_start_vote(election=election, by=chair, method=METHOD)
    vote = _open_now(vote, chair, days_open=5, days_ago=6)
    elected = {m.pk for m in members}
    candidate_of = {c.topic_id: c.user_id for c in election.candidates.all()}

    def choose(topic, entry):
        return "for" if candidate_of[topic.pk] in elected else "abstain"

    _vote_everyone(vote, demo["02"], demo["08"], choose, share=0.7)
    closed_on = datetime(2023, 12, 10, 18, 0, tzinfo=timezone.get_current_timezone())
    _close(vote, closed_on=closed_on)
    Election.objects.filter(pk=election.pk).update(created_at=closed_on - timedelta(days=40))
