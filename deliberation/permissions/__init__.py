"""Who may do what in deliberation, built on compounds/permissions.py; one module per
entity, every name imported here (callers import from `deliberation.permissions`).

Fetching: every `access_*` fetches as the user — 404 when the object does not exist or lies
outside the user's compounds, then 403 when the user may not take the action there.

Rules: each `check_*` answers one question "may this user do X to this object now?" by
raising PermissionDenied (not theirs to do: a 403 page) or ValidationError (not at this
stage: a message). Services call the check before they write; pages offer what
`allowed(check, …)` lets through, gathered in the capabilities objects (frozen
dataclasses), so what a page offers and what a service accepts are the same function.
"""

from deliberation.permissions.common import (
    DeliberationCapabilities,
    allowed,
    deliberation_capabilities,
)
from deliberation.permissions.desk import access_desk, check_desk
from deliberation.permissions.elections import (
    ElectionCapabilities,
    access_election,
    check_draw_lots,
    check_nominate,
    check_runoff,
    check_start_vote,
    election_capabilities,
    pending_tie,
)
from deliberation.permissions.meetings import (
    MeetingCapabilities,
    access_meeting,
    access_meeting_attachment,
    check_minutes,
    may_call_formal,
    may_run_meeting,
    meeting_capabilities,
)
from deliberation.permissions.proposals import (
    PROPOSAL_CHECKS,
    ProposalCapabilities,
    access_progress_photo,
    access_proposal,
    check_answer_hold,
    check_branch_opinion,
    check_comment,
    check_evaluate,
    check_hold,
    check_move,
    check_progress,
    check_put_to_vote,
    check_representatives,
    check_review_vote,
    check_revise,
    check_sign,
    check_stage,
    parties_of,
    proposal_capabilities,
)
from deliberation.permissions.suggestions import (
    SuggestionCapabilities,
    access_suggestion,
    check_answer_suggestion,
    check_take_up,
    may_read_suggestion,
    suggestion_capabilities,
)
from deliberation.permissions.votes import (
    VoteCapabilities,
    access_ballot_scan,
    access_proxy_scan,
    access_vote,
    ballot_proxies,
    check_name_proxy,
    holds_proxy,
    verifiable_ballots,
    verify_refusal,
    vote_capabilities,
)

__all__ = [
    "DeliberationCapabilities",
    "ElectionCapabilities",
    "MeetingCapabilities",
    "PROPOSAL_CHECKS",
    "ProposalCapabilities",
    "SuggestionCapabilities",
    "VoteCapabilities",
    "access_ballot_scan",
    "access_desk",
    "access_election",
    "access_meeting",
    "access_meeting_attachment",
    "access_progress_photo",
    "access_proposal",
    "access_proxy_scan",
    "access_suggestion",
    "access_vote",
    "allowed",
    "ballot_proxies",
    "check_answer_hold",
    "check_answer_suggestion",
    "check_branch_opinion",
    "check_comment",
    "check_desk",
    "check_draw_lots",
    "check_evaluate",
    "check_hold",
    "check_minutes",
    "check_move",
    "check_name_proxy",
    "check_nominate",
    "check_progress",
    "check_put_to_vote",
    "check_representatives",
    "check_review_vote",
    "check_revise",
    "check_runoff",
    "check_sign",
    "check_stage",
    "check_start_vote",
    "check_take_up",
    "deliberation_capabilities",
    "election_capabilities",
    "holds_proxy",
    "may_call_formal",
    "may_read_suggestion",
    "may_run_meeting",
    "verifiable_ballots",
    "verify_refusal",
    "meeting_capabilities",
    "parties_of",
    "pending_tie",
    "proposal_capabilities",
    "suggestion_capabilities",
    "vote_capabilities",
]
