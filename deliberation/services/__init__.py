"""Writes of deliberation, split by entity: votes (notice, roll, ballots, count) and
proposals (the five stages, meetings, suggestions). Import from here."""

from deliberation.services.elections import *  # noqa: F403
from deliberation.services.meetings import *  # noqa: F403
from deliberation.services.proposals import *  # noqa: F403
from deliberation.services.suggestions import *  # noqa: F403
from deliberation.services.votes import *  # noqa: F403
