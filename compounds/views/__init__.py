"""The compounds app's pages, one module per page family."""

from compounds.views.boards import building_board, building_poster, compound_bodies
from compounds.views.commitments import commitment_add, commitment_deed, commitment_mark
from compounds.views.deployed import deployed_member_confirm, deployed_members
from compounds.views.homes import (
    compound_detail,
    join_home,
    my_homes,
    residency_evidence,
    residency_name_voter,
    switch_compound,
)
from compounds.views.registry import (
    registry_export,
    registry_import,
    registry_import_run,
    registry_upload,
)
from compounds.views.reviews import residency_reject, residency_verify, review_queue

__all__ = [
    "building_board",
    "building_poster",
    "commitment_add",
    "commitment_deed",
    "commitment_mark",
    "compound_bodies",
    "compound_detail",
    "deployed_member_confirm",
    "deployed_members",
    "join_home",
    "my_homes",
    "registry_export",
    "registry_import",
    "registry_import_run",
    "registry_upload",
    "residency_evidence",
    "residency_name_voter",
    "residency_reject",
    "residency_verify",
    "review_queue",
    "switch_compound",
]
