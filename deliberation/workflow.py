"""The one function that moves a proposal through the five stages (五议), and what must be
true before each move.

The moves themselves — where each starts and leads, which party makes it — are the table
in deliberation/stages.py; who belongs to which party is deliberation/permissions.py
(`parties_of`, `check_move`). What must be true first is `_ready` here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.audiences import Residents
from deliberation import queries
from deliberation.models import Meeting, Proposal, ProposalEvent, VoteTopic
from deliberation.permissions import check_move, check_stage
from deliberation.stages import Move, Party, moves
from portal.calendar import as_24h, period_end
from portal.notifications.services import notify

S = Proposal.Stage


def review_passed(proposal: Proposal) -> bool:
    in_favour, members = queries.review_outcome(proposal)
    return members > 0 and 2 * in_favour >= members


def decision_of(proposal: Proposal) -> str | None:
    """approved / rejected once decided: by the owners' vote on it, or — for an ordinary
    affair only — by a residents' representatives' meeting. None while undecided."""
    topic = (
        VoteTopic.objects.filter(proposal=proposal, vote__state="closed")
        .order_by("-vote__closed_at")
        .first()
    )
    if topic is not None:
        return (
            Proposal.Decision.APPROVED if topic.result["approved"] else Proposal.Decision.REJECTED
        )
    if not proposal.reserved_to_owners and hasattr(proposal, "representatives"):
        passed = proposal.representatives.passed
        return Proposal.Decision.APPROVED if passed else Proposal.Decision.REJECTED
    return None


def _ready(move: Move, proposal: Proposal, now) -> None:
    """What must be true before the move, with the reason in Chinese if not."""
    petition = proposal.origin == Proposal.Origin.PETITION
    leaving_propose = proposal.stage == S.PROPOSE and move.action != "withdraw"
    if leaving_propose and petition and proposal.petition_met_at is None:
        raise ValidationError(_("The petition has not reached its signatures yet."))
    if move.action in (
        "consult",
        "review",
        "resolve",
        "decide",
        "complete",
    ) and queries.has_open_hold(proposal):
        raise ValidationError(_("Answer the supervisory committee's hold first."))
    if move.action == "review" and proposal.stage == S.CONSULT:
        if proposal.consult_until and now < proposal.consult_until:
            raise ValidationError(
                _("Residents may comment until %(when)s.")
                % {"when": as_24h(proposal.consult_until)}
            )
        joint = proposal.meetings.filter(
            kind=Meeting.Kind.JOINT, minutes_published_at__isnull=False
        )
        if not joint.exists():
            raise ValidationError(
                _("Hold the joint meeting and publish its minutes before the review.")
            )
    if move.action == "resolve":
        if proposal.stage == S.REVIEW and not review_passed(proposal):
            raise ValidationError(
                _("The review needs the votes of at least half of all committee members.")
            )
        if proposal.stage == S.REVIEW and not proposal.branch_opinion:
            raise ValidationError(_("The party branch has not recorded its opinion."))
    if move.action == "decide" and decision_of(proposal) is None:
        raise ValidationError(
            _("Not decided yet: the owners' vote on it must close first.")
            if proposal.reserved_to_owners
            else _("Not decided yet: an owners' vote or a representatives' meeting decides.")
        )
    if move.action == "complete" and not proposal.progress.exists():
        raise ValidationError(_("Record the implementation before signing it off."))


def advance(proposal_id: int, action: str, *, actor=None, note: str = "") -> ProposalEvent:
    """Move the proposal (locked) if the actor may and it is ready; record the event and
    tell the compound's residents. `actor=None` is the count of an owners' vote."""
    move = moves().get(action)
    if move is None:
        raise ValueError(f"unknown move {action}")
    note = (note or "").strip()
    if move.needs_note and not note:
        raise ValidationError(_("Please give a reason."), code="note")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if actor is not None:
            check_move(actor, proposal, action)
        elif Party.SYSTEM not in move.who:
            raise PermissionDenied
        else:  # the count of an owners' vote
            check_stage(proposal, move)
        now = timezone.now()
        _ready(move, proposal, now)
        previous = proposal.stage
        if action == "consult":
            # Residents comment for 7 days (民法典 第二百零一条、第二百零三条: from the next
            # day, to 24:00 of the last, a last day off giving way to the next working day).
            proposal.consult_until = period_end(now, settings.DELIBERATION_CONSULT_DAYS)
        if action == "decide":
            proposal.decision = decision_of(proposal)
            proposal.stage = S.EVALUATE if proposal.decision == "approved" else S.DONE
        else:
            proposal.stage = move.target
        if action == "complete":
            proposal.completed_signed_by, proposal.completed_at = actor, now
        proposal.save()
        event = ProposalEvent.objects.create(
            proposal=proposal,
            actor=actor,
            action=action,
            from_stage=previous,
            to_stage=proposal.stage,
            note=note,
            created_at=now,
        )
        tell(proposal, "proposal.moved")
    return event


def tell(proposal: Proposal, event: str) -> None:
    notify(
        recipients=Residents(proposal.compound_id)
        if event == "proposal.moved"
        else queries.committee_members(proposal.compound_id),
        event=event,
        params={"title": proposal.title, "stage": Proposal.Stage(proposal.stage).label},
        url=reverse("deliberation:proposal", args=[proposal.pk]),
    )
