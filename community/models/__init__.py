"""Community life (issue 17), one module per entity."""

from community.models.places import CompoundPlan, Zone
from community.models.teams import Team, TeamMember

__all__ = ["CompoundPlan", "Team", "TeamMember", "Zone"]
