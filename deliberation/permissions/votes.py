"""Owners' votes: who sees one, who names a proxy, who casts which ballot, and what the
vote's page offers (organise, collect, bundle, the ballots)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.permissions import can, require
from deliberation import queries
from deliberation.models import Ballot, OwnersVote, Proxy, RollEntry
from deliberation.permissions.common import CHAIN, allowed


def holds_proxy(user, vote: OwnersVote) -> bool:
    """A proxy may live elsewhere (a relative): their written proxy lets them in."""
    return Proxy.objects.filter(
        vote=vote, proxy_id=user.pk, revoked_at__isnull=True, valid_until__gt=timezone.now()
    ).exists()


def access_vote(user, vote_id: int, action: str | None = None) -> OwnersVote:
    vote = (
        OwnersVote.objects.filter(pk=vote_id)
        .select_related(CHAIN, "notice", "result_notice")
        .first()
    )
    if vote is None:
        raise Http404
    if not can(user, "compound.view", vote.compound) and not holds_proxy(user, vote):
        raise Http404
    if vote.state == OwnersVote.State.DRAFT and not can(user, "vote.organise", vote.compound):
        raise Http404  # a draft is the organisers' until its notice is published
    if action:
        require(user, action, vote.compound)
    return vote


def access_ballot_scan(user, ballot_id: int) -> Ballot:
    """The scan of a signed paper ballot: collectors of its compound."""
    ballot = Ballot.objects.filter(pk=ballot_id).first()
    if ballot is None:
        raise Http404
    access_vote(user, ballot.vote_id, "ballot.collect")
    return ballot


def access_proxy_scan(user, proxy_id: int) -> Proxy:
    """A signed proxy form: its owner, its proxy and the compound's collectors."""
    proxy = Proxy.objects.filter(pk=proxy_id).first()
    if proxy is None:
        raise Http404
    vote = access_vote(user, proxy.vote_id)
    if user.pk not in (proxy.owner_id, proxy.proxy_id) and not can(
        user, "ballot.collect", vote.compound
    ):
        raise Http404
    return proxy


def check_name_proxy(user, vote: OwnersVote) -> None:
    """委托书: the owners who vote on the frozen roll, while the vote is under way."""
    if vote.state != OwnersVote.State.NOTICED or not vote.roll.filter(voter=user).exists():
        raise PermissionDenied(
            _("Only the owners on the roll name a proxy, while the vote is under way.")
        )


def ballot_proxies(user, vote: OwnersVote, entries: list[RollEntry], channel: str, now):
    """Who casts the ballot of one owner's homes (`entries`, one head key) on `channel`:
    online, a person named to vote for one of them — the homes share their owners, so that
    person is an owner of each (two co-owners named for two of their homes both speak for
    the one owner they are together); the holder of a valid written proxy for every one of
    them; a collector on paper. Returns the proxies used (unit id -> proxy);
    PermissionDenied for anyone else."""
    if channel == Ballot.Channel.ONLINE:
        if not any(e.voter_id == user.pk for e in entries):
            raise PermissionDenied(_("Only the owners on the roll and their written proxies vote."))
        return {}
    if channel == Ballot.Channel.PROXY:
        held = {p.unit_id: p for p in queries.valid_proxies(vote, user, now)}
        if any(e.unit_id not in held for e in entries):
            raise PermissionDenied(
                _("You hold no valid written proxy for every home of this owner.")
            )
        return {e.unit_id: held[e.unit_id] for e in entries}
    require(user, "ballot.collect", vote.compound)
    return {}


@dataclass(frozen=True)
class VoteCapabilities:
    organise: bool
    collect: bool
    bundle: bool
    groups: tuple[queries.BallotGroup, ...]  # the ballots offered: one per owner's homes
    may_publish: bool
    may_name_proxy: bool

    @property
    def voter(self) -> bool:
        return bool(self.groups)


def verify_refusal(user, ballot: Ballot, own_homes: set[int] | None = None) -> str:
    """Why the user may not verify this paper ballot ("" when they may): a second person
    checks it against its scan — never who entered it, nor the owner whose ballot it is
    (the voter of its home on the roll). `own_homes`: those units, when already known."""
    if ballot.cast_by_id == getattr(user, "pk", None):
        return _("Another person must verify the ballot you entered.")
    if own_homes is None:
        own_homes = homes_voted_by(user, ballot.vote_id)
    if ballot.unit_id in own_homes:
        return _("Another collector must verify the ballot of your own home.")
    return ""


def homes_voted_by(user, vote_id: int) -> set[int]:
    """The units the user casts the ballot of on the vote's frozen roll."""
    return set(
        RollEntry.objects.filter(vote_id=vote_id, voter_id=getattr(user, "pk", None)).values_list(
            "unit_id", flat=True
        )
    )


def verifiable_ballots(user, vote: OwnersVote, ballots) -> set[int]:
    """Which of the vote's `ballots` the user may verify (one query, however many)."""
    own_homes = homes_voted_by(user, vote.pk)
    return {b.pk for b in ballots if not verify_refusal(user, b, own_homes)}


def vote_capabilities(user, vote: OwnersVote) -> VoteCapabilities:
    organise = can(user, "vote.organise", vote.compound)
    frozen = vote.state != OwnersVote.State.DRAFT  # the roll exists from the notice on
    noticed = vote.state == OwnersVote.State.NOTICED  # ballots only until it is closed
    return VoteCapabilities(
        organise=organise,
        collect=can(user, "ballot.collect", vote.compound),
        bundle=can(user, "vote.bundle", vote.compound),
        groups=tuple(queries.ballot_groups(vote, user)) if noticed else (),
        may_publish=organise and not frozen,
        may_name_proxy=allowed(check_name_proxy, user, vote),
    )
