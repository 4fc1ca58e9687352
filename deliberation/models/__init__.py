"""Deliberation (五议): proposals and the owners' votes that resolve them, by entity.

An owners' vote (业主表决) is one notice with its topics, a roll frozen when the notice is
published, and one counted ballot per unit. Counting is in deliberation/tally.py; every
write goes through deliberation/services/, which audits it (portal/audit.py).

Every name is imported here explicitly: callers and the migrations import from
`deliberation.models` (the migrations name the upload_to functions by this path).
"""

from deliberation.models.ballots import Ballot, BallotChoice, ballot_path
from deliberation.models.choices import Choice, MatterItem
from deliberation.models.elections import Candidate, Election, ElectionReminder, TieBreak
from deliberation.models.meetings import (
    Attendance,
    Meeting,
    MeetingAttachment,
    RepresentativesDecision,
    meeting_file_path,
)
from deliberation.models.participation import VoteParticipation
from deliberation.models.proposals import (
    Comment,
    Evaluation,
    Hold,
    PetitionShare,
    PetitionSignature,
    ProgressUpdate,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    ReviewVote,
    progress_path,
)
from deliberation.models.suggestions import Suggestion
from deliberation.models.votes import Outreach, OwnersVote, Proxy, RollEntry, VoteTopic, proxy_path

__all__ = [
    "Attendance",
    "Ballot",
    "BallotChoice",
    "Candidate",
    "Choice",
    "Comment",
    "Election",
    "ElectionReminder",
    "Evaluation",
    "Hold",
    "MatterItem",
    "Meeting",
    "MeetingAttachment",
    "Outreach",
    "OwnersVote",
    "PetitionShare",
    "PetitionSignature",
    "ProgressUpdate",
    "Proposal",
    "ProposalEvent",
    "ProposalVersion",
    "Proxy",
    "RepresentativesDecision",
    "ReviewVote",
    "RollEntry",
    "Suggestion",
    "TieBreak",
    "VoteParticipation",
    "VoteTopic",
    "ballot_path",
    "meeting_file_path",
    "progress_path",
    "proxy_path",
]
