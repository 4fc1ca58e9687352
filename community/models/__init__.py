"""Community life (issue 17), one module per entity."""

from community.models.places import CompoundPlan, Zone
from community.models.teams import Team, TeamMember

__all__ = ["CompoundPlan", "Team", "TeamMember", "Zone"]
from community.models.facilities import (  # noqa: E402
    Condition,
    Facility,
    FacilityCheck,
    FacilityRequest,
    Survey,
)

__all__ += ["Condition", "Facility", "FacilityCheck", "FacilityRequest", "Survey"]
