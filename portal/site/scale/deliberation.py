"""Proposals and owners' votes of the scale data. Proposals are written in bulk (a first
version and a "raise" event each), the persona compound's petition through the services;
votes go through the services — notice, frozen roll, close and count — with their ballots
written in bulk in between, one per unit of each owner who voted (so the ballots match the
frozen roll and the stored results are the deliberation app's own tally, which
`manage.py recount` agrees with)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from compounds.models import Compound
from deliberation import services
from deliberation.models import (
    Ballot,
    BallotChoice,
    OwnersVote,
    PetitionSignature,
    Proposal,
    ProposalEvent,
    ProposalVersion,
)
from portal.site.scale.places import Street
from portal.site.scale.plan import Plan
from portal.site.scale.writer import Writer

TITLES = [
    "更换小区监控设备",
    "维修地下车库排水",
    "增设电动车充电桩",
    "楼道粉刷",
    "改造儿童游乐场",
    "更换单元门禁",
    "选聘新的物业服务企业",
    "调整停车收费标准",
    "屋面防水维修",
    "增设加装电梯",
]
STAGES = (
    ("done", 6),
    ("evaluate", 1),
    ("resolve", 1),
    ("review", 1),
    ("consult", 1),
    ("propose", 1),
    ("withdrawn", 1),
)
METHOD = "网上投票；不会用手机的业主，由楼栋长上门收取签字的书面表决票。"


def seed_proposals(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> None:
    ids = writer.ids(Proposal, plan.proposals)
    span = (plan.now - plan.start).total_seconds()
    stages, weights = zip(*STAGES, strict=True)
    rows, versions, events = [], [], []
    for pk in ids:
        compound = rng.choice(street.compound_ids)
        chair = street.chair_of[compound]
        created = plan.start + timedelta(seconds=rng.random() * span * 0.98)
        title = rng.choice(TITLES)
        stage = rng.choices(stages, weights)[0]
        rows.append(
            (
                pk,
                compound,
                title,
                "业主反映较多，业委会提出。",
                "方案一；方案二。",
                0,
                "owners_committee",
                chair,
                stage,
                created,
            )
        )
        versions.append((pk, 1, title, chair, created))
        events.append((pk, chair, "raise", stage, stage, created))
    writer.write(
        Proposal,
        (
            "id",
            "compound_id",
            "title",
            "background",
            "options",
            "matter_item",
            "origin",
            "raised_by_id",
            "stage",
            "created_at",
        ),
        rows,
    )
    version_ids = iter(writer.ids(ProposalVersion, len(versions)))
    writer.write(
        ProposalVersion,
        ("id", "proposal_id", "number", "title", "author_id", "created_at"),
        ((next(version_ids), *v) for v in versions),
    )
    event_ids = iter(writer.ids(ProposalEvent, len(events)))
    writer.write(
        ProposalEvent,
        ("id", "proposal_id", "actor_id", "action", "from_stage", "to_stage", "created_at"),
        ((next(event_ids), *e) for e in events),
    )


def seed_petition(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> Proposal:
    """A residents' petition in compound 0 collecting signatures: 15% of its owners have
    signed (the threshold is 20% of area and headcount)."""
    compound = Compound.objects.get(pk=street.compound_ids[0])
    proposal = services.proposal_raise(
        by=get_user_model().objects.get(pk=street.personas["01"]),
        compound=compound,
        title="联名提议：更换小区大门道闸",
        background="道闸经常坏，车辆进出排长队。",
        petition=True,
    )
    owners = {street.owner_of[u] for u in street.units[compound.pk] if street.owner_of.get(u)}
    owners -= {street.personas["01"]}
    signers = rng.sample(sorted(owners), int(len(owners) * 0.15))
    ids = iter(writer.ids(PetitionSignature, len(signers)))
    writer.write(
        PetitionSignature,
        ("id", "proposal_id", "user_id", "created_at"),
        ((next(ids), proposal.pk, user, plan.now - timedelta(hours=2)) for user in signers),
    )
    services.petition_share_refresh(proposal=proposal)  # the signatures came in bulk
    return proposal


def seed_votes(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> None:
    """Closed votes spread over the three years (the first in compound 0), then the open
    ones (the first in compound 0), each with 65–95% of the owners voting."""
    compounds = {c.pk: c for c in Compound.objects.filter(pk__in=street.compound_ids)}
    ends = sorted(
        plan.start + timedelta(days=30 + rng.random() * (365 * 3 - 60))
        for _ in range(plan.closed_votes)
    )
    # Larger compounds hold more votes (weights by the square root of their size), so the
    # ballots reach about 300,000 at scale 1 as the issue asks.
    weights = [len(street.units[c]) ** 0.5 for c in street.compound_ids]
    for n, closes in enumerate(ends):
        compound = (
            street.compound_ids[0]
            if n == len(ends) - 1
            else rng.choices(street.compound_ids, weights)[0]
        )
        _vote(compounds[compound], closes - timedelta(days=7), closes, plan, writer, rng, street)
    for n in range(plan.open_votes):
        compound = street.compound_ids[0] if n == 0 else rng.choice(street.compound_ids)
        opens = plan.now - timedelta(days=3)
        _vote(compounds[compound], opens, opens + timedelta(days=7), plan, writer, rng, street)


def _vote(compound, opens, closes, plan, writer, rng, street) -> None:
    chair = get_user_model().objects.get(pk=street.chair_of[compound.pk])
    vote = vote_with_ballots(
        chair, compound, rng.choice(TITLES), opens, closes, writer, rng, (0.65, 0.95)
    )
    if closes <= plan.now:
        services.vote_close(vote_id=vote.pk, now=closes)
        services.vote_result_publish(vote_id=vote.pk)
    OwnersVote.objects.filter(pk=vote.pk).update(created_at=opens - timedelta(days=18))


def vote_with_ballots(chair, compound, title, opens, closes, writer, rng, turnout) -> OwnersVote:
    """An owners' vote noticed through the services, and online ballots written in bulk
    from its frozen roll by a share of the households drawn from `turnout` (low, high);
    its participation rebuilt. The street scale and the demo's year both use it."""
    vote = services.vote_create(
        by=chair,
        compound=compound,
        title=title,
        method=METHOD,
        topics=[{"title": "同意本方案", "matter_item": 9}],
    )
    services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=closes, now=opens - timedelta(days=17)
    )
    topic = vote.topics.get()
    roll = list(vote.roll.values_list("unit_id", "head_key", "voter_id"))
    keys = sorted({key for _u, key, voter in roll if voter})
    share = rng.uniform(*turnout)
    voting = {
        key: rng.choices(("for", "against", "abstain"), (70, 20, 10))[0]
        for key in keys
        if rng.random() < share
    }
    cast = [(unit, voter, voting[key]) for unit, key, voter in roll if key in voting and voter]
    ballot_ids = writer.ids(Ballot, len(cast))
    at = opens + timedelta(hours=10)
    writer.write(
        Ballot,
        (
            "id",
            "vote_id",
            "unit_id",
            "channel",
            "cast_by_id",
            "counted",
            "created_at",
            "scan",
            "spoiled_reason",
        ),
        (
            (pk, vote.pk, unit, "online", voter, True, at, "", "")
            for pk, (unit, voter, _c) in zip(ballot_ids, cast, strict=True)
        ),
    )
    choice_ids = writer.ids(BallotChoice, len(cast))
    writer.write(
        BallotChoice,
        ("id", "ballot_id", "topic_id", "choice"),
        (
            (pk, ballot, topic.pk, choice)
            for pk, ballot, (_u, _v, choice) in zip(choice_ids, ballot_ids, cast, strict=True)
        ),
    )
    services.participation_rebuild(vote=vote)  # the ballots came in bulk
    return vote
