"""The one permission model: may this user do this action to this object?

`rules.py` answers from the user's standing (compounds/standing.py) by the policy table
`RULES`; `access.py` fetches objects as the user, 404 before 403. Every app's own
permissions.py builds on these; views fetch through them, so an id from a place the user
cannot see gives 404, never the object, and a visible object the user may not act on
gives 403.
"""

from compounds.permissions.access import (
    access_building,
    access_commitment,
    access_commitment_to_mark,
    access_community,
    access_compound,
    access_deployed_member,
    access_own_commitment,
    access_public_building,
    access_public_compound,
    access_registry_export,
    access_registry_import,
    access_residency_as_owner,
    access_residency_for_review,
    access_residency_proof,
    access_residency_to_decide,
    access_street_office,
    community_of_any,
    fetch_as,
    may_mark_commitment,
    may_mark_own_deed,
)
from compounds.permissions.rules import (
    CHAIN_OF_BUILDING,
    REFUSALS,
    RULES,
    Place,
    can,
    can_view_board,
    may_mark,
    may_record_deed,
    place_of,
    require,
    reviews_homes_in,
    visible_compounds,
)

__all__ = [
    "may_mark",
    "may_record_deed",
    "CHAIN_OF_BUILDING",
    "Place",
    "REFUSALS",
    "RULES",
    "access_building",
    "access_commitment",
    "access_commitment_to_mark",
    "access_community",
    "access_compound",
    "access_deployed_member",
    "access_own_commitment",
    "access_public_building",
    "access_public_compound",
    "access_registry_export",
    "access_registry_import",
    "access_residency_as_owner",
    "access_residency_for_review",
    "access_residency_proof",
    "access_residency_to_decide",
    "access_street_office",
    "can",
    "can_view_board",
    "community_of_any",
    "fetch_as",
    "may_mark_commitment",
    "may_mark_own_deed",
    "place_of",
    "require",
    "reviews_homes_in",
    "visible_compounds",
]
