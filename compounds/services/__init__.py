"""Writes about places and people, shared by views, commands and tasks, one module per
entity. Each function checks the rule it owns and raises ValidationError with a Chinese
message; a write the user may not make is refused with PermissionDenied by the same
predicates the pages use (compounds/permissions.py, compounds/capabilities.py)."""

from compounds.services.bodies import (
    CommitteeSizes,
    add_years,
    body_create,
    body_problems,
    check_committee_seats,
    committee_sizes,
    membership_add,
    membership_end,
)
from compounds.services.building_roles import building_role_assign, ensure_default_kinds
from compounds.services.commitments import (
    commitment_add,
    commitment_mark,
    commitment_record_deed,
)
from compounds.services.deployed import deployed_member_confirm, deployed_member_register
from compounds.services.registry import registry_import_create, registry_import_queue
from compounds.services.registry_exports import registry_export_start
from compounds.services.residencies import (
    residency_name_voter,
    residency_reject,
    residency_request,
    residency_verify,
    voter_nomination_verify,
)

__all__ = [
    "CommitteeSizes",
    "add_years",
    "body_create",
    "body_problems",
    "building_role_assign",
    "check_committee_seats",
    "commitment_add",
    "commitment_mark",
    "commitment_record_deed",
    "committee_sizes",
    "deployed_member_confirm",
    "deployed_member_register",
    "ensure_default_kinds",
    "membership_add",
    "membership_end",
    "registry_export_start",
    "registry_import_create",
    "registry_import_queue",
    "residency_name_voter",
    "residency_reject",
    "residency_request",
    "residency_verify",
    "voter_nomination_verify",
]
