"""Deliberation pages, split by entity."""

from deliberation.views.ballots import ballot, paper, proxy, unreached, verify
from deliberation.views.desk import desk
from deliberation.views.elections import election_act, election_detail, elections
from deliberation.views.files import stored_file
from deliberation.views.meetings import meeting_act, meeting_detail, meeting_new
from deliberation.views.proposals import proposal_act, proposal_detail, proposal_new
from deliberation.views.suggestions import suggestion_act, suggestion_detail, suggestions
from deliberation.views.votes import (
    bundle,
    compound_index,
    index,
    vote_detail,
    vote_new,
    vote_publish,
)

__all__ = [
    "ballot",
    "bundle",
    "compound_index",
    "desk",
    "election_act",
    "election_detail",
    "elections",
    "index",
    "meeting_act",
    "meeting_detail",
    "meeting_new",
    "paper",
    "proposal_act",
    "proposal_detail",
    "proposal_new",
    "proxy",
    "stored_file",
    "suggestion_act",
    "suggestion_detail",
    "suggestions",
    "unreached",
    "verify",
    "vote_detail",
    "vote_new",
    "vote_publish",
]
