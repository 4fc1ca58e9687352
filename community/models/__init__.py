"""Community life (issue 17), one module per entity."""

from community.models.activities import Activity, ActivityEvent, ActivityPhoto, SignUp
from community.models.places import CompoundPlan, Zone
from community.models.teams import Team, TeamMember

__all__ = [
    "Activity",
    "ActivityEvent",
    "ActivityPhoto",
    "CompoundPlan",
    "SignUp",
    "Team",
    "TeamMember",
    "Zone",
]
