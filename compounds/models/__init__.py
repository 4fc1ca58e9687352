"""Places, people, bodies and roles: who is who in a compound, and for how long.

Every tie of a person to a place has a term (start, end); ended ties stay as history.
Who may do what is decided in compounds/permissions.py from these rows alone.
"""

from compounds.models.boards import Commitment, CommitmentMark
from compounds.models.bodies import Body, Membership, MembershipQuerySet, PartyGroup
from compounds.models.people import Residency, evidence_path
from compounds.models.places import (
    Building,
    Community,
    Compound,
    CompoundQuerySet,
    Department,
    Grid,
    PropertyCompany,
    StreetOffice,
    Unit,
)
from compounds.models.registry import RegistryExport, RegistryImport, export_path, import_path
from compounds.models.roles import (
    ROLE_SCOPES,
    BuildingRole,
    BuildingRoleKind,
    RoleAssignment,
    StaffRole,
    scope_matches_role,
)
from compounds.models.terms import USER, Term, TermQuerySet, term_check
from compounds.models.voters import VoterAgreement, VoterNomination

__all__ = [
    "ROLE_SCOPES",
    "USER",
    "Body",
    "Building",
    "BuildingRole",
    "BuildingRoleKind",
    "Commitment",
    "CommitmentMark",
    "Community",
    "Compound",
    "CompoundQuerySet",
    "Department",
    "Grid",
    "Membership",
    "MembershipQuerySet",
    "PartyGroup",
    "PropertyCompany",
    "RegistryExport",
    "RegistryImport",
    "Residency",
    "RoleAssignment",
    "StaffRole",
    "StreetOffice",
    "Term",
    "TermQuerySet",
    "Unit",
    "VoterAgreement",
    "VoterNomination",
    "evidence_path",
    "export_path",
    "import_path",
    "scope_matches_role",
    "term_check",
]
