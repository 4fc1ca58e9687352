"""Proposals through the five stages (五议): raising and petitions, consultation with a
joint meeting and comments, the committee's review (half of ALL members), the branch's
opinion and the supervisory hold, the decision by the owners' vote or by representatives,
implementation, sign-off and evaluation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from deliberation import queries, services, workflow
from deliberation.models import Proposal, ProposalEvent
from deliberation.permissions import proposal_capabilities
from deliberation.services.meetings import minutes_due
from deliberation.versions import version_diffs
from portal.calendar import period_end
from portal.notifications.models import Notification
from tests import factories as f
from tests.deliberation.test_votes import cast

pytestmark = pytest.mark.django_db


def raise_proposal(place, by, **extra):
    data = {
        "by": by,
        "compound": place.compound,
        "title": "下水道盖板整修",
        "background": "18栋门口的下水道盖板松动，老人晚上容易绊倒。",
        "options": "更换为加厚铸铁盖板",
        "budget_estimate": "3600.00",
        "funding_source": "common_income",
        "matter_item": 0,
        **extra,
    }
    return services.proposal_raise(**data)


def joint_meeting(place, by, proposal, clock=None):
    meeting = services.meeting_create(
        by=by,
        compound=place.compound,
        kind="joint",
        title="联席会议：下水道盖板",
        held_at=timezone.now() - timedelta(hours=1),
        agenda="商议盖板整修方案",
        proposals=[proposal],
    )
    return services.minutes_publish(
        meeting=meeting, by=by, minutes="三方一致同意整修，物业负责施工。", decisions="同意"
    )


def to_review(place, proposal, lead, clock):
    workflow.advance(proposal.pk, "consult", actor=lead)
    joint_meeting(place, lead, proposal)
    clock.move_to(Proposal.objects.get(pk=proposal.pk).consult_until + timedelta(minutes=1))
    workflow.advance(proposal.pk, "review", actor=lead)


def test_who_raises_a_proposal_and_who_starts_a_petition(
    place, party_secretary, committee_chair, resident
):
    assert raise_proposal(place, party_secretary).origin == "party_branch"
    assert raise_proposal(place, committee_chair).origin == "owners_committee"
    with pytest.raises(PermissionDenied):
        raise_proposal(place, resident)
    petition = raise_proposal(place, resident, petition=True)
    assert petition.origin == "petition" and petition.signatures.count() == 1
    with pytest.raises(ValidationError):
        raise_proposal(place, committee_chair, budget_estimate="很多钱")
    with pytest.raises(ValidationError):
        raise_proposal(place, committee_chair, title=" ")


def test_a_petition_becomes_an_agenda_item_at_a_fifth_of_area_and_owners(
    place, resident, committee_chair, building_head
):
    # Ten owners of 100 m² each, plus the fixtures' three owners of 89.50 m².
    owners = []
    for i in range(10):
        unit = f.UnitFactory(
            building=place.building, entrance="8单元", door=f"{i}08", area=Decimal("100")
        )
        owners.append(f.ResidencyFactory(unit=unit).user)
    petition = raise_proposal(place, resident, petition=True)
    with pytest.raises(ValidationError):  # not enough signatures yet
        workflow.advance(petition.pk, "consult", actor=committee_chair)
    services.petition_sign(proposal=petition, by=owners[0])
    with pytest.raises(ValidationError):
        services.petition_sign(proposal=petition, by=owners[0])  # once
    share = queries.petition_share(petition)
    assert (share["heads"], share["total_heads"], share["met"]) == (2, 13, False)
    services.petition_sign(proposal=petition, by=owners[1])  # 3 of 13 heads: 3*5 >= 13
    petition.refresh_from_db()
    assert petition.petition_met_at is not None
    assert Notification.objects.filter(
        recipient=committee_chair, event="proposal.petition_met"
    ).exists()
    workflow.advance(petition.pk, "consult", actor=committee_chair)


def test_consultation_needs_its_seven_days_and_a_joint_meeting_with_minutes(
    place, party_secretary, committee_chair, resident, clock
):
    proposal = raise_proposal(place, party_secretary)
    with pytest.raises(ValidationError):
        services.comment_add(proposal=proposal, by=resident, text="早该修了")  # not yet open
    workflow.advance(proposal.pk, "consult", actor=party_secretary)
    proposal.refresh_from_db()
    # 7 days by 民法典 第二百零一条、第二百零三条 (dates in tests/deliberation/test_day_periods.py)
    assert proposal.consult_until == period_end(timezone.now(), 7)
    services.comment_add(proposal=proposal, by=resident, text="盖板要防滑")
    with pytest.raises(ValidationError, match="评论|comment|意见"):
        workflow.advance(proposal.pk, "review", actor=party_secretary)
    clock.move_to(proposal.consult_until + timedelta(minutes=1))
    with pytest.raises(ValidationError):  # no joint meeting with published minutes yet
        workflow.advance(proposal.pk, "review", actor=party_secretary)
    with pytest.raises(ValidationError):  # the comment period is over
        services.comment_add(proposal=proposal, by=resident, text="晚了")
    joint_meeting(place, party_secretary, proposal)
    workflow.advance(proposal.pk, "review", actor=party_secretary)
    assert Proposal.objects.get(pk=proposal.pk).stage == "review"


def test_revisions_keep_every_version_and_show_what_changed(place, committee_chair):
    proposal = raise_proposal(place, committee_chair)
    workflow.advance(proposal.pk, "consult", actor=committee_chair)
    services.proposal_revise(
        proposal=proposal,
        by=committee_chair,
        title="下水道盖板整修",
        background=proposal.background,
        options="更换为加厚防滑铸铁盖板",
        budget_estimate="4200",
        note="按居民意见改为防滑盖板",
    )
    versions = version_diffs(proposal)
    assert [v["version"].number for v in versions] == [1, 2]
    changes = {c["label"]: c["runs"] for c in versions[1]["changes"]}
    assert ("ins", "防滑") in changes["方案"]
    assert Proposal.objects.get(pk=proposal.pk).budget_estimate == Decimal("4200.00")


def test_review_passes_with_half_of_all_members_the_branch_opinion_and_no_open_hold(
    place, committee, party_secretary, supervisor, clock
):
    chair = committee[0]
    proposal = raise_proposal(place, chair)
    to_review(place, proposal, chair, clock)
    with pytest.raises(PermissionDenied):  # the branch secretary is not a committee member
        services.review_vote(proposal=proposal, by=party_secretary, choice="for")
    for member in committee[:2]:
        services.review_vote(proposal=proposal, by=member, choice="for")
    services.review_vote(proposal=proposal, by=committee[2], choice="against")
    with pytest.raises(ValidationError, match="半数"):  # 2 of 5 is less than half
        workflow.advance(proposal.pk, "resolve", actor=chair)
    services.review_vote(proposal=proposal, by=committee[2], choice="for")  # changes their vote
    assert queries.review_outcome(proposal) == (3, 5)
    with pytest.raises(ValidationError, match="党支部"):
        workflow.advance(proposal.pk, "resolve", actor=chair)
    services.branch_opinion_record(proposal=proposal, by=party_secretary, opinion="支持整修")
    hold = services.hold_place(proposal=proposal, by=supervisor, reason="请先公开三家报价")
    with pytest.raises(ValidationError, match="监"):
        workflow.advance(proposal.pk, "resolve", actor=chair)
    with pytest.raises(PermissionDenied):
        services.hold_answer(hold=hold, by=supervisor, answer="自己答复")
    services.hold_answer(hold=hold, by=chair, answer="三家报价已在公告栏公开")
    workflow.advance(proposal.pk, "resolve", actor=chair)
    assert Proposal.objects.get(pk=proposal.pk).stage == "resolve"


def test_a_278_matter_is_decided_only_by_the_owners_vote(
    place, committee, party_secretary, supervisor, resident, clock
):
    chair = committee[0]
    proposal = raise_proposal(place, chair, matter_item=5, title="使用维修资金更换电梯")
    to_review(place, proposal, chair, clock)
    for member in committee[:3]:
        services.review_vote(proposal=proposal, by=member, choice="for")
    services.branch_opinion_record(proposal=proposal, by=party_secretary, opinion="支持")
    workflow.advance(proposal.pk, "resolve", actor=chair)
    meeting = services.meeting_create(
        by=chair,
        compound=place.compound,
        kind="representatives",
        title="居民代表会议",
        held_at=timezone.now(),
        agenda="表决",
    )
    with pytest.raises(ValidationError):
        services.representatives_decide(
            proposal=proposal,
            by=chair,
            meeting=meeting,
            representatives=21,
            present=11,
            in_favour=11,
        )
    with pytest.raises(ValidationError):  # nothing decided it yet
        workflow.advance(proposal.pk, "decide", actor=chair)
    vote = services.proposal_put_to_vote(proposal=proposal, by=chair, method="网上投票")
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=5)
    )
    clock.move_to(opens + timedelta(hours=1))
    vote.refresh_from_db()
    for owner in [*committee, party_secretary, supervisor, resident]:
        cast(vote, owner, "for")
    clock.move_to(vote.closes_at)
    services.close_due()
    proposal.refresh_from_db()
    assert (proposal.stage, proposal.decision) == ("evaluate", "approved")
    with pytest.raises(ValidationError):  # progress before sign-off
        workflow.advance(proposal.pk, "complete", actor=supervisor)
    services.progress_add(proposal=proposal, by=chair, text="电梯已更换并通过验收")
    with pytest.raises(PermissionDenied):
        workflow.advance(proposal.pk, "complete", actor=chair)  # the supervisors sign off
    workflow.advance(proposal.pk, "complete", actor=supervisor)
    services.evaluation_give(proposal=proposal, by=resident, verdict="satisfied")
    with pytest.raises(ValidationError):
        services.evaluation_give(proposal=proposal, by=resident, verdict="not")
    proposal.refresh_from_db()
    assert proposal.stage == "done" and proposal.completed_signed_by == supervisor


def test_a_compound_may_skip_consultation_and_review_but_never_the_decision(
    place, committee_chair, settings
):
    settings.DELIBERATION_SKIP_STAGES = ("consult", "review")
    proposal = raise_proposal(place, committee_chair, matter_item=4, title="续聘物业")
    workflow.advance(proposal.pk, "resolve", actor=committee_chair)
    assert Proposal.objects.get(pk=proposal.pk).stage == "resolve"
    with pytest.raises(ValidationError):
        workflow.advance(proposal.pk, "decide", actor=committee_chair)
    settings.DELIBERATION_SKIP_STAGES = ()
    other = raise_proposal(place, committee_chair)
    with pytest.raises(ValidationError):
        workflow.advance(other.pk, "resolve", actor=committee_chair)


def test_withdrawal_needs_a_reason_and_the_dossier_is_append_only(place, committee_chair, resident):
    proposal = raise_proposal(place, committee_chair)
    with pytest.raises(PermissionDenied):
        workflow.advance(proposal.pk, "consult", actor=resident)
    with pytest.raises(ValidationError):
        workflow.advance(proposal.pk, "withdraw", actor=committee_chair)
    workflow.advance(proposal.pk, "withdraw", actor=committee_chair, note="已由物业免费修好")
    event = ProposalEvent.objects.filter(proposal=proposal).last()
    assert (event.from_stage, event.to_stage) == ("propose", "withdrawn")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_who_moves_each_stage_is_configuration(place, committee_chair, supervisor, settings):
    settings.DELIBERATION_STAGE_ROLES = {"consult": ("supervisor",)}
    proposal = raise_proposal(place, committee_chair)
    assert "consult" not in proposal_capabilities(committee_chair, proposal).moves
    with pytest.raises(PermissionDenied):
        workflow.advance(proposal.pk, "consult", actor=committee_chair)
    workflow.advance(proposal.pk, "consult", actor=supervisor)
    assert Proposal.objects.get(pk=proposal.pk).stage == "consult"


def test_minutes_are_reminded_then_reported_to_community_staff(
    place, committee_chair, community_staff, clock
):
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="joint",
        title="联席会议",
        held_at=timezone.now(),
        agenda="盖板",
    )
    assert services.minutes_remind() == 0
    due = minutes_due(meeting.held_at)  # 3 days, to 24:00 (tests/deliberation/test_day_periods.py)
    clock.move_to(due - timedelta(days=1))
    assert services.minutes_remind() == 1  # the organiser, on the last day
    clock.move_to(due + timedelta(seconds=1))
    assert services.minutes_remind() == 1  # community staff
    assert services.minutes_remind() == 0
    assert Notification.objects.filter(recipient=committee_chair, event="meeting.minutes_due")
    assert Notification.objects.filter(recipient=community_staff, event="meeting.minutes_late")
    services.minutes_publish(meeting=meeting, by=committee_chair, minutes="补发纪要")
