"""The five stages (五议) as data, and the one function that moves a proposal.

    propose → consult → review → resolve → evaluate → done      (or withdrawn before resolve)

Who may make each move is named by `Party`; what must be true first is in `_ready`. The
shape is the default; a compound's practice may skip consultation or review
(settings.DELIBERATION_SKIP_STAGES), but the decision stage is never skipped, so a matter
of 民法典 第278条 always goes to the owners' vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compounds.models import Body, Membership
from compounds.standing import standing_of
from deliberation.models import Meeting, Proposal, ProposalEvent, VoteTopic
from portal.notifications.services import notify

S = Proposal.Stage


class Party(StrEnum):
    LEAD = "lead"  # owners' committee members, the party branch's secretary and deputy
    SUPERVISOR = "supervisor"  # supervisory committee members
    SYSTEM = "system"  # the count of an owners' vote


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: decided by the outcome (decide)
    who: tuple[Party, ...]
    needs_note: bool = False


def _sources(stage: str, *earlier: str) -> tuple[str, ...]:
    """A stage is entered from the one before it, or from earlier ones a compound skips."""
    skipped = set(settings.DELIBERATION_SKIP_STAGES) & {S.CONSULT, S.REVIEW}
    sources = [stage]
    for previous in earlier:
        sources.append(previous)
        if previous not in skipped:
            break
    return tuple(sources[1:]) if len(sources) > 1 else ()


def _who(action: str, default: tuple[Party, ...]) -> tuple[Party, ...]:
    """Who makes a move: the default here, or the operator's DELIBERATION_STAGE_ROLES."""
    configured = settings.DELIBERATION_STAGE_ROLES.get(action)
    return tuple(Party(p) for p in configured) if configured else default


def moves() -> dict[str, Move]:
    lead, supervisor = (Party.LEAD,), (Party.SUPERVISOR,)
    return {
        m.action: m
        for m in [
            Move("consult", (S.PROPOSE,), S.CONSULT, _who("consult", lead)),
            Move(
                "review",
                _sources(S.REVIEW, S.CONSULT, S.PROPOSE),
                S.REVIEW,
                _who("review", lead),
            ),
            Move(
                "resolve",
                _sources(S.RESOLVE, S.REVIEW, S.CONSULT, S.PROPOSE),
                S.RESOLVE,
                _who("resolve", lead),
            ),
            Move("decide", (S.RESOLVE,), None, (Party.SYSTEM, Party.LEAD)),
            Move("complete", (S.EVALUATE,), S.DONE, _who("complete", supervisor)),
            Move(
                "withdraw",
                (S.PROPOSE, S.CONSULT, S.REVIEW),
                S.WITHDRAWN,
                _who("withdraw", lead),
                needs_note=True,
            ),
        ]
    }


LABELS = {
    "raise": gettext_lazy("Raised"),
    "consult": gettext_lazy("Open the consultation"),
    "review": gettext_lazy("Send to the committee's review"),
    "resolve": gettext_lazy("Go to the decision"),
    "decide": gettext_lazy("Decided"),
    "complete": gettext_lazy("Sign off the completed work"),
    "withdraw": gettext_lazy("Withdraw"),
    "revise": gettext_lazy("Revised"),
    "petition_met": gettext_lazy("Petition reached its signatures"),
    "branch_opinion": gettext_lazy("Party branch opinion"),
    "hold": gettext_lazy("Held by the supervisory committee"),
    "hold_answered": gettext_lazy("Hold answered"),
}


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


def committee_members(proposal: Proposal) -> set[int]:
    """The current owners' (or self-management) committee: who reviews."""
    return set(
        Membership.objects.current()
        .filter(
            body__compound_id=proposal.compound_id,
            body__kind__in=[Body.Kind.OWNERS_COMMITTEE, Body.Kind.SELF_MANAGEMENT_COMMITTEE],
            body__in=Body.objects.current(),
        )
        .values_list("user_id", flat=True)
    )


def review_outcome(proposal: Proposal) -> tuple[int, int]:
    """(votes for, current members). Passes with at least half of ALL current members."""
    members = committee_members(proposal)
    in_favour = proposal.review_votes.filter(member_id__in=members, choice="for").count()
    return in_favour, len(members)


def review_passed(proposal: Proposal) -> bool:
    in_favour, members = review_outcome(proposal)
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
    if move.action in ("consult", "review", "resolve", "decide", "complete") and has_open_hold(
        proposal
    ):
        raise ValidationError(_("Answer the supervisory committee's hold first."))
    if move.action == "review" and proposal.stage == S.CONSULT:
        if proposal.consult_until and now < proposal.consult_until:
            raise ValidationError(
                _("Residents may comment until %(when)s.")
                % {"when": timezone.localtime(proposal.consult_until).strftime("%Y-%m-%d %H:%M")}
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


def has_open_hold(proposal: Proposal) -> bool:
    """A supervisory hold not yet answered: nothing moves on until it is."""
    return proposal.holds.filter(answered_at__isnull=True).exists()


def allowed_moves(user, proposal: Proposal) -> list[str]:
    parties = parties_of(user, proposal)
    return [
        m.action
        for m in moves().values()
        if proposal.stage in m.sources and parties & set(m.who) and m.action != "decide"
    ]


def advance(proposal_id: int, action: str, *, actor=None, note: str = "") -> ProposalEvent:
    """Move the proposal (locked) if the actor may and it is ready; record the event and
    tell the compound's leads and the proposer."""
    move = moves().get(action)
    if move is None:
        raise ValueError(f"unknown move {action}")
    note = (note or "").strip()
    if move.needs_note and not note:
        raise ValidationError(_("Please give a reason."), code="note")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if proposal.stage not in move.sources:
            raise ValidationError(
                _("This cannot be done at the stage %(stage)s.")
                % {"stage": proposal.get_stage_display()},
                code="stage",
            )
        if actor is None:
            if Party.SYSTEM not in move.who:
                raise PermissionDenied
        elif not parties_of(actor, proposal) & set(move.who):
            raise PermissionDenied
        now = timezone.now()
        _ready(move, proposal, now)
        previous = proposal.stage
        if action == "consult":
            proposal.consult_until = now + timedelta(days=settings.DELIBERATION_CONSULT_DAYS)
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
    from compounds.audiences import Residents

    notify(
        recipients=Residents(proposal.compound_id)
        if event == "proposal.moved"
        else committee_members(proposal),
        event=event,
        params={"title": proposal.title, "stage": proposal.get_stage_display()},
        url=reverse("deliberation:proposal", args=[proposal.pk]),
    )
