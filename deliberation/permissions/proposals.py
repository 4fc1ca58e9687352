"""Proposals (五议): the parties of the stage moves and one check per action on the
dossier; `proposal_capabilities` gathers what the page offers from the same checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.permissions import can, require
from compounds.standing import standing_of
from deliberation import queries
from deliberation.models import ProgressUpdate, Proposal
from deliberation.permissions.common import CHAIN, allowed, in_compound
from deliberation.stages import NOT_OFFERED, Move, Party, moves

S = Proposal.Stage


def access_proposal(user, proposal_id: int, action: str | None = None) -> Proposal:
    proposals = Proposal.objects.select_related(CHAIN, "raised_by", "representatives__meeting")
    return in_compound(user, proposals, proposal_id, action)


def access_progress_photo(user, update_id: int) -> ProgressUpdate:
    update = ProgressUpdate.objects.filter(pk=update_id).first()
    if update is None:
        raise Http404
    access_proposal(user, update.proposal_id)
    return update


def parties_of(user, proposal: Proposal) -> set[Party]:
    if not getattr(user, "is_authenticated", False):
        return set()
    g = standing_of(user)
    parties = set()
    if proposal.compound_id in g.dispatch_compounds:
        parties.add(Party.LEAD)
    if "supervisory_committee" in g.bodies.get(proposal.compound_id, ()):
        parties.add(Party.SUPERVISOR)
    return parties


def _stage(proposal: Proposal, stages, message: str) -> None:
    if proposal.stage not in stages:
        raise ValidationError(message, code="stage")


def _no_open_hold(proposal: Proposal) -> None:
    if queries.has_open_hold(proposal):
        raise ValidationError(_("Answer the supervisory committee's hold first."), code="hold")


def check_stage(proposal: Proposal, move: Move) -> None:
    message = _("This cannot be done at the stage %(stage)s.")
    _stage(proposal, move.sources, message % {"stage": proposal.get_stage_display()})


def check_move(user, proposal: Proposal, action: str) -> None:
    """A stage move made by a person (the count of a vote decides in workflow.advance)."""
    move = moves()[action]
    if not parties_of(user, proposal) & set(move.who):
        raise PermissionDenied
    check_stage(proposal, move)


def check_sign(user, proposal: Proposal) -> None:
    require(user, "petition.sign", proposal.compound)
    if proposal.origin != Proposal.Origin.PETITION:
        raise ValidationError(_("This proposal is not collecting signatures."), code="stage")
    _stage(proposal, (S.PROPOSE,), _("This proposal is not collecting signatures."))
    if queries.has_signed(proposal, user):
        raise ValidationError(_("You have already signed."), code="duplicate")


def check_revise(user, proposal: Proposal) -> None:
    require(user, "proposal.lead", proposal.compound)
    _stage(proposal, (S.PROPOSE, S.CONSULT), _("The proposal can no longer be revised."))
    if proposal.origin == Proposal.Origin.PETITION and proposal.stage == S.PROPOSE:
        raise ValidationError(  # owners signed this text; it changes only in consultation
            _("A petition is not revised while owners are signing it."), code="petition"
        )


def check_comment(user, proposal: Proposal) -> None:
    require(user, "proposal.comment", proposal.compound)
    until = proposal.consult_until
    if proposal.stage != S.CONSULT or (until and timezone.now() >= until):
        raise ValidationError(_("Comments are taken during the consultation."), code="stage")


def check_review_vote(user, proposal: Proposal) -> None:
    """审议: the owners' committee's own members, no proxies."""
    if user.pk not in queries.committee_of(proposal):
        raise PermissionDenied
    _stage(proposal, (S.REVIEW,), _("The proposal is not under review."))


def check_branch_opinion(user, proposal: Proposal) -> None:
    if proposal.compound_id not in standing_of(user).branch_officer_compounds:
        raise PermissionDenied
    _stage(proposal, (S.REVIEW,), _("The proposal is not under review."))


def check_hold(user, proposal: Proposal) -> None:
    if Party.SUPERVISOR not in parties_of(user, proposal):
        raise PermissionDenied
    holdable = (S.PROPOSE, S.CONSULT, S.REVIEW, S.RESOLVE)
    _stage(proposal, holdable, _("The proposal can no longer be held."))


def check_answer_hold(user, proposal: Proposal) -> None:
    require(user, "proposal.lead", proposal.compound)
    if not queries.has_open_hold(proposal):
        raise ValidationError(_("The hold is already answered."), code="answered")


def check_put_to_vote(user, proposal: Proposal) -> None:
    """决议 by the owners: a draft vote with the proposal as its topic."""
    require(user, "vote.organise", proposal.compound)
    _stage(proposal, (S.RESOLVE,), _("The proposal is not at the decision stage."))
    _no_open_hold(proposal)
    if queries.vote_under_way(proposal):
        raise ValidationError(_("An owners' vote on it is already under way."), code="dup")


def check_representatives(user, proposal: Proposal) -> None:
    """An ordinary affair decided by a residents' representatives' meeting, recorded by a
    lead; never a matter of 第278条."""
    require(user, "proposal.lead", proposal.compound)
    if proposal.reserved_to_owners:
        raise ValidationError(
            _("A matter of Civil Code article 278 is decided by the owners' vote."), code="278"
        )
    _stage(proposal, (S.RESOLVE,), _("The proposal is not at the decision stage."))
    _no_open_hold(proposal)


def check_progress(user, proposal: Proposal) -> None:
    require(user, "proposal.lead", proposal.compound)
    _stage(proposal, (S.EVALUATE,), _("Progress is recorded once the decision is made."))


def check_evaluate(user, proposal: Proposal) -> None:
    """评议: residents, once the supervisory committee signed the work off; once each."""
    require(user, "proposal.comment", proposal.compound)
    if proposal.stage != S.DONE or proposal.completed_at is None:
        raise ValidationError(_("Evaluate once the work is complete."), code="stage")
    if proposal.evaluations.filter(resident=user).exists():
        raise ValidationError(_("You have already evaluated it."), code="duplicate")


@dataclass(frozen=True)
class ProposalCapabilities:
    """What the proposal's page offers this user now (the moves, then one flag per action)."""

    moves: tuple[str, ...]
    lead: bool  # leads the compound's affairs: calls the joint meeting
    may_comment: bool
    may_sign: bool
    may_review_vote: bool
    may_give_branch_opinion: bool
    may_hold: bool
    may_answer_hold: bool
    may_put_to_vote: bool
    may_record_representatives: bool
    may_record_progress: bool
    may_evaluate: bool
    may_revise: bool


PROPOSAL_CHECKS: dict[str, Callable[..., None]] = {
    "may_comment": check_comment,
    "may_sign": check_sign,
    "may_review_vote": check_review_vote,
    "may_give_branch_opinion": check_branch_opinion,
    "may_hold": check_hold,
    "may_answer_hold": check_answer_hold,
    "may_put_to_vote": check_put_to_vote,
    "may_record_representatives": check_representatives,
    "may_record_progress": check_progress,
    "may_evaluate": check_evaluate,
    "may_revise": check_revise,
}


def proposal_capabilities(user, proposal: Proposal) -> ProposalCapabilities:
    offered = tuple(
        action
        for action in moves()
        if action not in NOT_OFFERED and allowed(check_move, user, proposal, action)
    )
    return ProposalCapabilities(
        moves=offered,
        lead=can(user, "proposal.lead", proposal.compound),
        **{name: allowed(check, user, proposal) for name, check in PROPOSAL_CHECKS.items()},
    )
