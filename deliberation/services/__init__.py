"""Writes of deliberation, split by entity: a vote's lifecycle (votes), its proxies and
ballots (ballots), closing and counting it (closing), proposals through the five stages,
meetings, suggestions and elections. Import from here; reads are in deliberation/queries.py."""

from deliberation.results import vote_result_publish
from deliberation.services.ballots import (
    ballot_cast,
    ballot_verify,
    outreach_log,
    proxy_register,
    proxy_revoke,
)
from deliberation.services.closing import close_due, vote_close
from deliberation.services.elections import (
    candidate_nominate,
    election_conclude,
    election_draw_lots,
    election_open,
    election_reminders,
    election_runoff_start,
    election_start_vote,
    rank_candidates,
)
from deliberation.services.meetings import (
    meeting_attach,
    meeting_create,
    meeting_sign_in,
    minutes_due,
    minutes_publish,
    minutes_remind,
)
from deliberation.services.participation import participation_rebuild
from deliberation.services.proposals import (
    branch_opinion_record,
    comment_add,
    decide_after_vote,
    evaluation_give,
    hold_answer,
    hold_place,
    petition_share_refresh,
    petition_sign,
    progress_add,
    proposal_put_to_vote,
    proposal_raise,
    proposal_revise,
    representatives_decide,
    review_vote,
)
from deliberation.services.suggestions import (
    suggestion_answer,
    suggestion_submit,
    suggestion_to_proposal,
    suggestions_chase,
)
from deliberation.services.votes import vote_create, vote_publish_notice

__all__ = [
    "ballot_cast",
    "ballot_verify",
    "branch_opinion_record",
    "candidate_nominate",
    "close_due",
    "comment_add",
    "decide_after_vote",
    "election_conclude",
    "election_draw_lots",
    "election_open",
    "election_reminders",
    "election_runoff_start",
    "election_start_vote",
    "evaluation_give",
    "hold_answer",
    "hold_place",
    "meeting_attach",
    "meeting_create",
    "meeting_sign_in",
    "minutes_due",
    "minutes_publish",
    "minutes_remind",
    "outreach_log",
    "participation_rebuild",
    "petition_share_refresh",
    "petition_sign",
    "progress_add",
    "proposal_put_to_vote",
    "proposal_raise",
    "proposal_revise",
    "proxy_register",
    "proxy_revoke",
    "rank_candidates",
    "representatives_decide",
    "review_vote",
    "suggestion_answer",
    "suggestion_submit",
    "suggestion_to_proposal",
    "suggestions_chase",
    "vote_close",
    "vote_create",
    "vote_publish_notice",
    "vote_result_publish",
]
