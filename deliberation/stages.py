"""The five stages (五议) as data: each move, the stages it starts from, where it leads and
which party makes it.

    propose → consult → review → resolve → evaluate → done      (or withdrawn before resolve)

The table sits below both deliberation/permissions.py (which offers the moves a user may
make) and deliberation/workflow.py (which performs them), so neither imports the other's
half. The shape is the default; a compound's practice may skip consultation or review
(settings.DELIBERATION_SKIP_STAGES), but the decision stage is never skipped, so a matter
of 民法典 第278条 always goes to the owners' vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext_lazy

from deliberation.models import Proposal

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


# The decision is made by the count or a representatives' meeting, never by a button.
NOT_OFFERED = frozenset({"decide"})

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
