"""Fetch deliberation objects as the user: 404 outside the compound, 403 for an action the
user may not take there (rules in compounds/permissions.py)."""

from django.http import Http404

from compounds.permissions import can, require
from deliberation.models import OwnersVote, Proposal


def access_vote(user, vote_id: int, action: str | None = None) -> OwnersVote:
    vote = (
        OwnersVote.objects.filter(pk=vote_id)
        .select_related("compound__community__street_office", "notice", "result_notice")
        .first()
    )
    if vote is None:
        raise Http404
    if not can(user, "compound.view", vote.compound) and not _holds_proxy(user, vote):
        raise Http404
    if vote.state == OwnersVote.State.DRAFT and not can(user, "vote.organise", vote.compound):
        raise Http404  # a draft is the organisers' until its notice is published
    if action:
        require(user, action, vote.compound)
    return vote


def _holds_proxy(user, vote: OwnersVote) -> bool:
    """A proxy may live elsewhere (a relative): their written proxy lets them in."""
    from django.utils import timezone

    from deliberation.models import Proxy

    now = timezone.now()
    return Proxy.objects.filter(
        vote=vote, proxy_id=user.pk, revoked_at__isnull=True, valid_until__gt=now
    ).exists()


def access_proposal(user, proposal_id: int, action: str | None = None) -> Proposal:
    proposal = (
        Proposal.objects.filter(pk=proposal_id)
        .select_related("compound__community__street_office", "raised_by")
        .first()
    )
    if proposal is None or not can(user, "compound.view", proposal.compound):
        raise Http404
    if action:
        require(user, action, proposal.compound)
    return proposal
