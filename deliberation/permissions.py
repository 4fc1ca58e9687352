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
    if vote is None or not can(user, "compound.view", vote.compound):
        raise Http404
    if action:
        require(user, action, vote.compound)
    return vote


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
