"""Community life (issue 17), one module per entity."""

from community.models.places import CompoundPlan, Zone
from community.models.roster import Shift, ShiftEvent, Station
from community.models.teams import Team, TeamMember

__all__ = ["CompoundPlan", "Shift", "ShiftEvent", "Station", "Team", "TeamMember", "Zone"]
