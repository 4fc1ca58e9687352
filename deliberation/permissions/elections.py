"""Elections of the owners' committee: who stands, who nominates or recommends, who
closes nominations into a vote."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from compounds.permissions import can, require
from compounds.standing import standing_of
from deliberation import queries
from deliberation.models import Election
from deliberation.models.elections import TieBreak
from deliberation.permissions.common import CHAIN, allowed, in_compound


def access_election(user, election_id: int) -> Election:
    elections = Election.objects.select_related(CHAIN, "vote", "body")
    return in_compound(user, elections, election_id)


def _nominating(election: Election) -> None:
    if election.state != Election.State.NOMINATING:
        raise ValidationError(_("Nominations are closed."), code="state")


def check_nominate(by, election: Election, nominee, recommended: bool = False) -> None:
    """Owners stand themselves; the leads nominate other owners; only the party branch's
    secretary or deputy marks a recommendation."""
    _nominating(election)
    compound = election.compound
    if by.pk != nominee.pk:
        require(by, "proposal.lead", compound)
    if recommended and compound.pk not in standing_of(by).branch_officer_compounds:
        raise PermissionDenied
    if not queries.owners_of(compound).filter(pk=nominee.pk).exists():
        message = _("Only owners of the compound may stand.")
        if by.pk == nominee.pk:
            raise PermissionDenied(message)
        raise ValidationError(message, code="owner")
    if queries.sits_on_supervisory_committee(election, nominee):
        raise ValidationError(
            _("A member of the supervisory committee for that term cannot stand."), code="sup"
        )
    if election.candidates.filter(user=nominee).exists():
        raise ValidationError(_("Already a candidate."), code="dup")


def check_start_vote(user, election: Election) -> None:
    require(user, "vote.organise", election.compound)
    _nominating(election)


def pending_tie(election: Election, method: str) -> TieBreak:
    """The tie at the last seat waiting to be decided by `method` (else a message)."""
    tie = election.tie_breaks.pending().filter(method=method).first()
    if election.state != Election.State.TIE or tie is None:
        raise ValidationError(
            _("No tie waits to be decided by %(method)s.")
            % {"method": TieBreak.Method(method).label},
            code="state",
        )
    return tie


def check_runoff(user, election: Election) -> None:
    """A run-off among the tied is an owners' vote: those who organise votes draft it."""
    require(user, "vote.organise", election.compound)
    if pending_tie(election, TieBreak.Method.RUNOFF).vote_id:
        raise ValidationError(_("The run-off vote is already drafted."), code="dup")


def check_draw_lots(user, election: Election) -> None:
    """Lots are drawn before the supervisory committee; one of its members records them."""
    if "supervisory_committee" not in standing_of(user).bodies.get(election.compound_id, ()):
        raise PermissionDenied(
            _("Only a member of the supervisory committee records the drawing of lots.")
        )
    pending_tie(election, TieBreak.Method.LOTS)


@dataclass(frozen=True)
class ElectionCapabilities:
    may_stand: bool
    may_nominate: bool
    may_recommend: bool
    may_start_vote: bool
    may_start_runoff: bool
    may_draw_lots: bool


def election_capabilities(user, election: Election) -> ElectionCapabilities:
    compound = election.compound
    open_ = election.state == Election.State.NOMINATING
    tie = election.state == Election.State.TIE
    return ElectionCapabilities(
        may_stand=allowed(check_nominate, user, election, user),
        may_nominate=open_ and can(user, "proposal.lead", compound),
        may_recommend=open_ and compound.pk in standing_of(user).branch_officer_compounds,
        may_start_vote=allowed(check_start_vote, user, election),
        may_start_runoff=tie and allowed(check_runoff, user, election),
        may_draw_lots=tie and allowed(check_draw_lots, user, election),
    )
