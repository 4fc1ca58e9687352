"""Reads for deliberation pages and services, scoped to the asking user where a user asks,
each in a fixed number of queries."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Body, Compound, Membership, Residency
from compounds.queries import owner_roll
from deliberation import bundle, tally
from deliberation import participation as turnout
from deliberation.models import (
    Ballot,
    BallotChoice,
    Election,
    Evaluation,
    Meeting,
    Outreach,
    OwnersVote,
    PetitionShare,
    Proposal,
    Proxy,
    RollEntry,
    Suggestion,
    VoteTopic,
)
from deliberation.versions import version_diffs
from portal.prepared import Prepared

ONLINE = (Ballot.Channel.ONLINE, Ballot.Channel.PROXY)
COMMENTS_PER_PAGE = 50


# Ballots and proxies ------------------------------------------------------------------------


@dataclass
class BallotGroup:
    """The homes one person votes for together (one owner's homes, or a proxy's unit)."""

    unit_id: int  # the unit the ballot is cast for (its owner's other homes follow)
    labels: list[str] = field(default_factory=list)
    channel: str = Ballot.Channel.ONLINE
    current: dict[int, str] = field(default_factory=dict)  # topic id -> counted choice
    paper_on_record: bool = False


def valid_proxies(vote: OwnersVote, user, now=None) -> QuerySet[Proxy]:
    """The written proxies `user` holds in `vote` and may vote with now."""
    now = now or timezone.now()
    return Proxy.objects.filter(
        vote=vote, proxy=user, revoked_at__isnull=True, valid_from__lte=now, valid_until__gt=now
    )


def proxies_named(vote: OwnersVote, owner) -> QuerySet[Proxy]:
    """The written proxies the owner has named in this vote and not revoked."""
    return vote.proxies.filter(owner=owner, revoked_at__isnull=True).select_related(
        "proxy", "unit__building"
    )


def ballot_groups(vote: OwnersVote, user) -> list[BallotGroup]:
    """What `user` may vote for in `vote`: the homes of every owner (head key) for whom
    they are named voter of at least one home on the frozen roll — all of that owner's
    homes, which carry one choice (法释〔2009〕7号 第九条) — and homes whose owner named them
    proxy. A fixed number of queries."""
    keys = vote.roll.filter(voter=user).values("head_key")
    entries = list(vote.roll.filter(head_key__in=keys).order_by("pk"))
    proxied = list(valid_proxies(vote, user).values_list("unit_id", flat=True))
    proxy_entries = list(RollEntry.objects.filter(vote=vote, unit_id__in=proxied))
    groups: dict[str, BallotGroup] = {}
    for entry, channel in [(e, Ballot.Channel.ONLINE) for e in entries] + [
        (e, Ballot.Channel.PROXY) for e in proxy_entries
    ]:
        group = groups.setdefault(
            f"{channel}:{entry.head_key}", BallotGroup(entry.unit_id, channel=channel)
        )
        group.labels.append(entry.label)
    units = [e.unit_id for e in entries + proxy_entries]
    counted = Ballot.objects.filter(vote=vote, unit_id__in=units, counted=True).prefetch_related(
        "choices"
    )
    by_unit = {b.unit_id: b for b in counted}
    for group in groups.values():
        ballot = by_unit.get(group.unit_id)
        if ballot is not None:
            group.current = {c.topic_id: c.choice for c in ballot.choices.all()}
            group.paper_on_record = ballot.channel not in ONLINE
    return list(groups.values())


def awaiting_verification(vote: OwnersVote) -> QuerySet[Ballot]:
    return (
        Ballot.objects.filter(
            vote=vote, verified_by__isnull=True, superseded_at__isnull=True, counted=False
        )
        .exclude(channel__in=ONLINE)
        .select_related("cast_by", "unit__building")
        .prefetch_related("choices__topic")
        .order_by("created_at", "pk")
    )


def unreached(vote: OwnersVote, buildings: set[int] | None = None) -> QuerySet[RollEntry]:
    """Roll rows of homes with no counted ballot yet, by building (the visit queue of the
    building's 两长四员); only those of `buildings` when given."""
    voted = Ballot.objects.filter(vote=vote, counted=True).values("unit_id")
    rows = vote.roll.exclude(unit_id__in=voted)
    if buildings is not None:
        rows = rows.filter(unit__building_id__in=buildings)
    return rows.order_by("building_name", "label", "pk")


def outreach_by_unit(vote: OwnersVote, unit_ids: list[int]) -> dict[int, list[Outreach]]:
    """The visits logged for these homes (one page of the unreached list), newest first."""
    log: dict[int, list[Outreach]] = {}
    for item in vote.outreach.filter(unit_id__in=unit_ids).select_related("by"):
        log.setdefault(item.unit_id, []).append(item)
    return log


# Votes: participation, the count and the audit bundle --------------------------------------


def votes_of(compound: Compound, *, with_drafts: bool) -> QuerySet[OwnersVote]:
    """A compound's votes; drafts only for those who organise them."""
    votes = OwnersVote.objects.filter(compound=compound)
    return votes if with_drafts else votes.exclude(state=OwnersVote.State.DRAFT)


def tally_of(vote: OwnersVote, topic: VoteTopic) -> tally.Tally:
    """Count one topic from the frozen roll and the counted ballots."""
    rows = [
        tally.RollRow(str(unit_id), building, area, key)
        for unit_id, building, area, key in vote.roll.values_list(
            "unit_id", "building_name", "area", "head_key"
        )
    ]
    ballots = [
        tally.BallotRow(str(unit_id), choice, channel)
        for unit_id, choice, channel in BallotChoice.objects.filter(
            topic=topic, ballot__vote=vote, ballot__counted=True
        ).values_list("ballot__unit_id", "choice", "ballot__channel")
    ]
    return tally.count(
        rows, ballots, topic.matter_item, invalid_participate=vote.invalid_ballots_participate
    )


def participation(vote: OwnersVote) -> dict:
    """While voting is open: who has taken part (area and headcount, overall and per
    building, and the gap to the 2/3 thresholds) — never what they chose. Read from the
    rows the ballots keep up to date (one query; deliberation/participation.py)."""
    counts = turnout.stored(vote) or turnout.recount(vote)
    overall = counts.pop(turnout.OVERALL).as_tally()
    buildings = {name: c.as_tally() for name, c in counts.items()}
    return {"overall": overall, "gap": overall.gap_to_quorum(), "buildings": buildings}


def recount_closed() -> list[tuple[int, int, dict, dict]]:
    """Recount every closed vote from its ballots; the differences from stored results."""
    differences = []
    for vote in OwnersVote.objects.filter(state=OwnersVote.State.CLOSED).prefetch_related("topics"):
        for topic in vote.topics.all():
            fresh = tally_of(vote, topic).as_dict()
            if fresh != topic.result:
                differences.append((vote.pk, topic.pk, topic.result, fresh))
    return differences


def token(vote: OwnersVote, value: str) -> str:
    """A pseudonym for a unit or head key in one vote's bundle: stable within the vote,
    unlinkable across votes; an owner is shown their unit's code to find it."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{vote.pk}:{value}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:10].upper()


def my_codes(vote: OwnersVote, user) -> list[tuple[str, str]]:
    """The owner's homes and the codes they appear under in the closed vote's bundle."""
    if vote.state != OwnersVote.State.CLOSED:
        return []
    return [(e.label, token(vote, f"unit:{e.unit_id}")) for e in vote.roll.filter(voter=user)]


def audit_bundle(vote: OwnersVote, topic: VoteTopic) -> bytes:
    """The audit bundle of one topic: the frozen roll and the counted ballots under
    pseudonymous unit codes, the stored result, the units that voted (without their
    choice) and hashes. `manage.py recount` recomputes the result from it."""
    if vote.state != OwnersVote.State.CLOSED:
        raise ValidationError(_("The bundle is available once the vote is closed."))
    entries = list(vote.roll.values_list("unit_id", "building_name", "area", "head_key", "label"))
    rows = [
        tally.RollRow(token(vote, f"unit:{u}"), b, a, token(vote, f"key:{k}"))
        for u, b, a, k, _l in entries
    ]
    counted = list(
        BallotChoice.objects.filter(topic=topic, ballot__vote=vote, ballot__counted=True)
        .values_list("ballot__unit_id", "choice", "ballot__channel")
        .order_by("ballot__unit_id")
    )
    label = {u: lbl for u, _b, _a, _k, lbl in entries}
    ballots = [tally.BallotRow(token(vote, f"unit:{u}"), c, ch) for u, c, ch in counted]
    ballots.sort(key=lambda b: b.unit)
    return bundle.write(
        roll=sorted(rows, key=lambda r: r.unit),
        ballots=ballots,
        item=topic.matter_item,
        result=topic.result,
        voters=sorted(label[u] for u, _c, _ch in counted),
        head_rule=vote.head_rule,
        invalid_participate=vote.invalid_ballots_participate,
    )


# Suggestions --------------------------------------------------------------------------------


def suggestions_of(compound: Compound, user, *, sees_private: bool) -> QuerySet[Suggestion]:
    """The compound's suggestion box as `user` reads it: private ones only for those who
    answer them (and their authors)."""
    rows = Suggestion.objects.filter(compound=compound).select_related("author")
    return rows if sees_private else rows.filter(Q(private=False) | Q(author=user))


# Elections ----------------------------------------------------------------------------------


def owners_of(compound: Compound) -> QuerySet:
    """The people who verifiably own a home in the compound now (who may stand)."""
    homes = Residency.objects.current().filter(
        status=Residency.Status.VERIFIED,
        relation__in=Residency.OWNER_RELATIONS,
        unit__building__compound=compound,
    )
    return get_user_model().objects.filter(pk__in=homes.values("user_id"))


def sits_on_supervisory_committee(election: Election, user) -> bool:
    """A member of the supervisory committee during the new term cannot sit on the owners'
    committee (independence)."""
    return Membership.objects.independence_conflict(
        Body(kind=Body.Kind.OWNERS_COMMITTEE, compound=election.compound),
        user,
        election.term_start,
        election.term_end,
    )


# Proposals ----------------------------------------------------------------------------------


def committee_members(compound_id: int) -> set[int]:
    """The current owners' (or self-management) committee: who reviews."""
    return set(
        Membership.objects.current()
        .filter(
            body__compound_id=compound_id,
            body__kind__in=[Body.Kind.OWNERS_COMMITTEE, Body.Kind.SELF_MANAGEMENT_COMMITTEE],
            body__in=Body.objects.current(),
        )
        .values_list("user_id", flat=True)
    )


def committee_of(proposal: Proposal) -> set[int]:
    """`committee_members` of the proposal's compound, read once per proposal object (its
    page and its capabilities both ask; a write fetches its proposal afresh)."""
    if "_committee" not in proposal.__dict__:
        proposal.__dict__["_committee"] = committee_members(proposal.compound_id)
    return proposal.__dict__["_committee"]


def has_signed(proposal: Proposal, user) -> bool:
    """Whether `user` co-signed the petition, read once per proposal object and user."""
    signed = proposal.__dict__.setdefault("_signed", {})
    if user.pk not in signed:
        signed[user.pk] = proposal.signatures.filter(user_id=user.pk).exists()
    return signed[user.pk]


def review_outcome(proposal: Proposal) -> tuple[int, int]:
    """(votes for, current members). Passes with at least half of ALL current members."""
    members = committee_of(proposal)
    in_favour = proposal.review_votes.filter(member_id__in=members, choice="for").count()
    return in_favour, len(members)


def has_open_hold(proposal: Proposal) -> bool:
    """A supervisory hold not yet answered: nothing moves on until it is."""
    return proposal.holds.filter(answered_at__isnull=True).exists()


def vote_under_way(proposal: Proposal) -> bool:
    return proposal.topics.filter(vote__state__in=["draft", "noticed"]).exists()


def petition_share(proposal: Proposal) -> dict:
    """Signers' share of the owners by area and by headcount, on the current owner roll
    (法释〔2009〕7号 第八、九条), against the share the petition needs."""
    roll = owner_roll(proposal.compound)
    signers = set(proposal.signatures.values_list("user_id", flat=True))
    signed = [e for e in roll.entries if e.voter_id in signers]
    numerator, denominator = settings.DELIBERATION_PETITION_SHARE
    area = sum((e.area for e in signed), Decimal("0"))
    heads = len({e.headcount_key for e in signed})
    return {
        "area": area,
        "total_area": roll.total_area,
        "heads": heads,
        "total_heads": roll.headcount,
        "met": roll.headcount > 0
        and area * denominator >= roll.total_area * numerator
        and heads * denominator >= roll.headcount * numerator,
    }


def stored_petition_share(proposal: Proposal) -> dict:
    """The share stored by the last signature (one query), with when it was counted."""
    stored = PetitionShare.objects.filter(proposal=proposal).first()
    return stored.as_dict() if stored else petition_share(proposal)


def dossier(proposal: Proposal, user, comment_page=None) -> dict:
    """Everything the proposal's page shows: its history, the review, the petition's share,
    the evaluations and the user's own signature and review vote; one page of the
    consultation's comments (`comment_page`, anything: a bad one gives the first). What a
    stage not reached yet cannot hold (stages only move forward, deliberation/stages.py) is
    not read: comments from the consultation on, review votes from the review, votes and
    progress from the decision, evaluations once done."""
    S = Proposal.Stage
    stage = proposal.stage
    reviewed = stage not in (S.PROPOSE, S.CONSULT)
    decided = stage in (S.RESOLVE, S.EVALUATE, S.DONE)
    comments = proposal.comments.select_related("author") if stage != S.PROPOSE else []
    counts = (
        dict(
            proposal.evaluations.values_list("verdict").annotate(n=Count("pk")).order_by("verdict")
        )
        if stage == S.DONE
        else {}
    )
    petition = proposal.origin == Proposal.Origin.PETITION
    return {
        "events": proposal.events.select_related("actor"),
        "versions": version_diffs(proposal),
        "comments": Paginator(comments, COMMENTS_PER_PAGE).get_page(comment_page),
        "meetings": proposal.meetings.all(),
        "holds": proposal.holds.select_related("placed_by", "answered_by"),
        "topics": proposal.topics.select_related("vote") if decided else [],
        "progress": proposal.progress.select_related("author")
        if stage in (S.EVALUATE, S.DONE)
        else [],
        "petition": stored_petition_share(proposal) if petition else None,
        "signed": petition and has_signed(proposal, user),
        **_review(proposal, user, reviewed),
        "evaluations": {v: counts.get(v, 0) for v in Evaluation.Verdict},
        "rep_meetings": representatives_meetings(proposal),
    }


def _review(proposal: Proposal, user, reviewed: bool) -> dict:
    """The committee's count (for, of all current members) and the user's own vote, from
    one read of the proposal's review votes."""
    members = committee_of(proposal)
    votes = list(proposal.review_votes.all()) if reviewed else []
    in_favour = sum(v.choice == "for" and v.member_id in members for v in votes)
    mine = next((v for v in votes if v.member_id == user.pk), None)
    return {"review": {"for": in_favour, "members": len(members)}, "my_review": mine}


def representatives_meetings(proposal: Proposal) -> QuerySet[Meeting]:
    return Meeting.objects.filter(compound=proposal.compound, kind=Meeting.Kind.REPRESENTATIVES)


# Home ---------------------------------------------------------------------------------------


def votes_open_to(user, now=None) -> QuerySet[OwnersVote]:
    """The open votes in which `user` may still cast or change a ballot for some home, by
    the rules of `ballot_cast`: online as the named voter of one of an owner's homes, or by
    proxy holding a valid written proxy for every home of that owner; not where a counted
    paper ballot of those homes prevails. `mine`: a ballot of such a home is counted."""

    now = now or timezone.now()
    held = Proxy.objects.filter(  # a valid proxy of the user for the row's home
        vote=OuterRef("vote"),
        unit=OuterRef("unit"),
        proxy=user,
        revoked_at__isnull=True,
        valid_from__lte=now,
        valid_until__gt=now,
    )
    owners_homes = RollEntry.objects.filter(vote=OuterRef("vote"), head_key=OuterRef("head_key"))
    paper = Ballot.objects.filter(  # a counted paper ballot of the row's owner's homes
        vote=OuterRef("vote"),
        counted=True,
        unit__in=RollEntry.objects.filter(
            vote=OuterRef(OuterRef("vote")), head_key=OuterRef(OuterRef("head_key"))
        ).values("unit"),
    ).exclude(channel__in=ONLINE)
    unpapered = Q(vote__paper_prevails=False) | ~Exists(paper)
    # Two ways in, each on an index (one OR of them read every open vote's whole roll).
    held_units = Proxy.objects.filter(
        proxy=user, revoked_at__isnull=True, valid_from__lte=now, valid_until__gt=now
    ).values("unit")
    as_voter = RollEntry.objects.filter(voter=user).filter(unpapered)
    as_proxy = (
        RollEntry.objects.filter(unit__in=held_units)
        .filter(Exists(held) & ~Exists(owners_homes.filter(~Exists(held))))
        .filter(unpapered)
    )
    counted = Ballot.objects.filter(vote=OuterRef("pk"), counted=True).filter(
        Q(unit__in=as_voter.filter(vote=OuterRef("vote")).values("unit"))
        | Q(unit__in=as_proxy.filter(vote=OuterRef("vote")).values("unit"))
    )
    return (
        OwnersVote.objects.filter(
            state=OwnersVote.State.NOTICED, opens_at__lte=now, closes_at__gt=now
        )
        .filter(
            Exists(as_voter.filter(vote=OuterRef("pk")))
            | Exists(as_proxy.filter(vote=OuterRef("pk")))
        )
        .annotate(mine=Exists(counted))
        .order_by("closes_at", "pk")
    )


_WAITING = Prepared(lambda user, now: votes_open_to(user, now)[:5], user=int, now=datetime)


def votes_waiting(user, now=None) -> list[OwnersVote]:
    """The first five of `votes_open_to`, for home (待我投票): the same query, its SQL
    compiled once per process (portal/prepared.py) — it took 5 ms of Python to build."""
    return _WAITING(user=user.pk, now=now or timezone.now())
