"""Deliberation pages, split by entity."""

from deliberation.views.elections import *  # noqa: F403
from deliberation.views.files import *  # noqa: F403
from deliberation.views.meetings import *  # noqa: F403
from deliberation.views.proposals import *  # noqa: F403
from deliberation.views.suggestions import *  # noqa: F403
from deliberation.views.votes import *  # noqa: F403
