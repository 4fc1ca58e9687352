"""Community life (issue 17), one module per entity."""

from community.models.care import Responsibility
from community.models.places import CompoundPlan, Zone
from community.models.teams import Team, TeamMember
from community.models.zones import Cleanup, CleanupPhoto

__all__ = [
    "Cleanup",
    "CleanupPhoto",
    "CompoundPlan",
    "Responsibility",
    "Team",
    "TeamMember",
    "Zone",
]
from community.models.facilities import (  # noqa: E402
    Condition,
    Facility,
    FacilityCheck,
    FacilityRequest,
    Survey,
)

__all__ += ["Condition", "Facility", "FacilityCheck", "FacilityRequest", "Survey"]
