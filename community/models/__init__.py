"""Community life (issue 17), one module per entity."""

from community.models.activities import Activity, ActivityEvent, ActivityPhoto, SignUp
from community.models.care import Responsibility
from community.models.facilities import (
    Condition,
    Facility,
    FacilityCheck,
    FacilityRequest,
    Survey,
)
from community.models.places import CompoundPlan, Zone
from community.models.roster import Shift, ShiftEvent, Station
from community.models.teams import Team, TeamMember
from community.models.zones import Cleanup, CleanupPhoto

__all__ = [
    "Activity",
    "ActivityEvent",
    "ActivityPhoto",
    "Cleanup",
    "CleanupPhoto",
    "CompoundPlan",
    "Condition",
    "Facility",
    "FacilityCheck",
    "FacilityRequest",
    "Responsibility",
    "Shift",
    "ShiftEvent",
    "SignUp",
    "Station",
    "Survey",
    "Team",
    "TeamMember",
    "Zone",
]
