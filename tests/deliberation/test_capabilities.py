"""What a page offers and what a service accepts cannot drift: persona by persona, at each
stage of a proposal (and on an open vote), every flag of the capabilities object is compared
with the outcome of the service it stands for, called for real and rolled back."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from deliberation import permissions, services, workflow
from deliberation.models import Hold, Meeting, Proposal
from deliberation.stages import NOT_OFFERED, moves
from tests.authorization.expect import SIGNED_IN as PERSONAS
from tests.deliberation.test_proposals import raise_proposal
from tests.deliberation.test_votes import open_vote, pdf

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def outcome(call) -> Exception | None:
    """None when the service accepts (its writes are then rolled back), else its refusal."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return None
    except (PermissionDenied, ValidationError) as refusal:
        return refusal


def accepts(call) -> bool:
    return outcome(call) is None


def _to_review(place, proposal, lead) -> None:
    workflow.advance(proposal.pk, "consult", actor=lead)
    meeting = services.meeting_create(
        by=lead,
        compound=place.compound,
        kind="joint",
        title="联席会议",
        held_at=timezone.now() - timedelta(hours=1),
        agenda="盖板",
        proposals=[proposal],
    )
    services.minutes_publish(meeting=meeting, by=lead, minutes="同意整修")
    past = timezone.now() - timedelta(minutes=1)
    Proposal.objects.filter(pk=proposal.pk).update(consult_until=past)  # the 7 days are over
    workflow.advance(proposal.pk, "review", actor=lead)


def _to_resolve(place, proposal, chair, secretary) -> None:
    _to_review(place, proposal, chair)
    services.review_vote(proposal=proposal, by=chair, choice="for")  # 1 of 1 members
    services.branch_opinion_record(proposal=proposal, by=secretary, opinion="支持")
    workflow.advance(proposal.pk, "resolve", actor=chair)


@pytest.fixture
def dossiers(place, committee_chair, party_secretary, supervisor, resident):
    """A proposal at each stage, and the meeting a representatives' decision names."""
    chair, secretary = committee_chair, party_secretary
    representatives = services.meeting_create(
        by=chair,
        compound=place.compound,
        kind=Meeting.Kind.REPRESENTATIVES,
        title="居民代表会议",
        held_at=timezone.now(),
        agenda="表决",
    )
    stages = {
        "propose": raise_proposal(place, chair),
        "petition": raise_proposal(place, resident, petition=True),
    }
    stages["consult"] = raise_proposal(place, chair)
    workflow.advance(stages["consult"].pk, "consult", actor=chair)
    stages["review"] = raise_proposal(place, chair)
    _to_review(place, stages["review"], chair)
    for name in ("resolve", "held", "evaluate", "done"):
        stages[name] = raise_proposal(place, chair)
        _to_resolve(place, stages[name], chair, secretary)
    services.hold_place(proposal=stages["held"], by=supervisor, reason="请先公开报价")
    for name in ("evaluate", "done"):
        services.representatives_decide(
            proposal=stages[name],
            by=chair,
            meeting=representatives,
            representatives=21,
            present=11,
            in_favour=6,
        )
    services.progress_add(proposal=stages["done"], by=chair, text="已完工")
    workflow.advance(stages["done"].pk, "complete", actor=supervisor)
    return {name: Proposal.objects.get(pk=p.pk) for name, p in stages.items()}, representatives


def _calls(proposal: Proposal, user, meeting: Meeting) -> dict:
    """Each flag of ProposalCapabilities and the service call it offers, with good input."""
    hold = proposal.holds.filter(answered_at__isnull=True).first() or Hold(proposal=proposal)
    text = {"title": proposal.title, "background": "盖板松动，需整修", "options": ""}
    return {
        "may_comment": lambda: services.comment_add(proposal=proposal, by=user, text="意见"),
        "may_sign": lambda: services.petition_sign(proposal=proposal, by=user),
        "may_review_vote": lambda: services.review_vote(proposal=proposal, by=user, choice="for"),
        "may_give_branch_opinion": lambda: services.branch_opinion_record(
            proposal=proposal, by=user, opinion="同意"
        ),
        "may_hold": lambda: services.hold_place(proposal=proposal, by=user, reason="请公开"),
        "may_answer_hold": lambda: services.hold_answer(hold=hold, by=user, answer="已公开"),
        "may_put_to_vote": lambda: services.proposal_put_to_vote(
            proposal=proposal, by=user, method="网上投票"
        ),
        "may_record_representatives": lambda: services.representatives_decide(
            proposal=proposal,
            by=user,
            meeting=meeting,
            representatives=21,
            present=11,
            in_favour=6,
        ),
        "may_record_progress": lambda: services.progress_add(
            proposal=proposal, by=user, text="已完工"
        ),
        "may_evaluate": lambda: services.evaluation_give(
            proposal=proposal, by=user, verdict="satisfied"
        ),
        "may_revise": lambda: services.proposal_revise(
            proposal=proposal, by=user, budget_estimate=None, note="补充背景", **text
        ),
    }


def _move_refused(proposal: Proposal, user, action: str) -> bool:
    """A move is offered to whom it belongs at its stages; whether the proposal is ready
    (the joint meeting held, the review passed …) is answered with a message, not hidden."""
    refusal = outcome(lambda: workflow.advance(proposal.pk, action, actor=user, note="理由"))
    return isinstance(refusal, PermissionDenied) or getattr(refusal, "code", None) == "stage"


@pytest.mark.parametrize("persona", PERSONAS)
def test_what_the_proposal_page_offers_is_what_the_services_accept(request, dossiers, persona):
    stages, meeting = dossiers
    user = request.getfixturevalue(persona)
    drift = []
    for stage, proposal in stages.items():
        can = permissions.proposal_capabilities(user, proposal)
        for flag, call in _calls(proposal, user, meeting).items():
            if getattr(can, flag) != accepts(call):
                drift.append(f"{stage}: {flag} offered={getattr(can, flag)}")
        for action in moves():
            offered = action in can.moves
            if action not in NOT_OFFERED and offered == _move_refused(proposal, user, action):
                drift.append(f"{stage}: move {action} offered={offered}")
    assert not drift, f"{persona}:\n" + "\n".join(drift)


def test_every_capability_is_offered_to_someone_somewhere(request, dossiers):
    """The comparison above means something only if each flag is sometimes true."""
    stages, _meeting = dossiers
    offered = set()
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        for proposal in stages.values():
            can = permissions.proposal_capabilities(user, proposal)
            offered |= {f for f in permissions.PROPOSAL_CHECKS if getattr(can, f)}
            offered |= set(can.moves)
    expected = set(permissions.PROPOSAL_CHECKS) | (set(moves()) - NOT_OFFERED)
    assert offered == expected


def test_the_decision_is_never_a_button(client, dossiers, committee_chair):
    stages, _meeting = dossiers
    proposal = stages["resolve"]
    assert "decide" not in permissions.proposal_capabilities(committee_chair, proposal).moves
    client.force_login(committee_chair)
    response = client.post(f"/deliberation/proposals/{proposal.pk}/act/", {"op": "decide"})
    assert response.status_code in (302, 400, 403)  # never done: an unknown operation
    assert Proposal.objects.get(pk=proposal.pk).stage == "resolve"


@pytest.fixture
def vote(place, committee_chair, resident, tenant, clock):
    vote = open_vote(place, committee_chair, clock)
    services.proxy_register(  # the tenant votes for the resident's home by written proxy
        vote=vote,
        unit=resident.residencies.get().unit,
        owner=resident,
        proxy_phone=tenant.phone,
        matters="本次表决",
        valid_until=vote.closes_at,
        scan=pdf("委托书.pdf"),
    )
    return vote


@pytest.mark.parametrize("persona", PERSONAS)
def test_what_the_vote_page_offers_is_what_the_services_accept(request, vote, persona):
    user = request.getfixturevalue(persona)
    can = permissions.vote_capabilities(user, vote)
    topic = vote.topics.get()
    roll = list(vote.roll.all())
    key = {e.unit_id: e.head_key for e in roll}
    offered = {(key[g.unit_id], g.channel) for g in can.groups}
    accepted = {
        (e.head_key, channel)
        for e in roll
        for channel in ("online", "proxy")
        if accepts(
            lambda e=e, channel=channel: services.ballot_cast(
                vote_id=vote.pk,
                unit_id=e.unit_id,
                by=user,
                choices={topic.pk: "for"},
                channel=channel,
            )
        )
    }
    assert offered == accepted
    assert can.collect == accepts(
        lambda: services.ballot_cast(
            vote_id=vote.pk,
            unit_id=roll[0].unit_id,
            by=user,
            choices={topic.pk: "for"},
            channel="paper",
            scan=pdf(),
        )
    )
    mine = next((e for e in roll if e.voter_id == user.pk), roll[0])
    someone_else = request.getfixturevalue("volunteer" if persona != "volunteer" else "resident")
    assert can.may_name_proxy == accepts(
        lambda: services.proxy_register(
            vote=vote,
            unit=mine.unit,
            owner=user,
            proxy_phone=someone_else.phone,
            matters="本次表决",
            valid_until=vote.closes_at,
            scan=pdf("委托书.pdf"),
        )
    )
    assert can.organise == accepts(
        lambda: services.vote_create(
            by=user,
            compound=vote.compound,
            title="另一次表决",
            method="网上投票",
            topics=[{"title": "同意", "matter_item": 0}],
        )
    )
