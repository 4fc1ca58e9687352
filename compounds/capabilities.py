"""What the compounds pages let a user do, computed once per page from the rules in
compounds/permissions/ (the page reads these; the services check the same rules)."""

from __future__ import annotations

from dataclasses import dataclass

from compounds.models import Community, Compound
from compounds.permissions import can, reviews_homes_in


@dataclass(frozen=True)
class CompoundCapabilities:
    review_homes: bool
    set_request_rules: bool
    keep_registry: bool
    see_figures: bool  # its figures page (portal.site, issue 15): residents and staff
    read_audit: bool  # its audit log (portal.site): supervisory committee, staff in scope


def compound_capabilities(user, compound: Compound) -> CompoundCapabilities:
    return CompoundCapabilities(
        review_homes=reviews_homes_in(user, compound),
        set_request_rules=can(user, "request.rules", compound),
        keep_registry=can(user, "registry.import", compound),
        see_figures=can(user, "compound.figures", compound),
        read_audit=can(user, "audit.view", compound),
    )


@dataclass(frozen=True)
class DeployedCapabilities:
    """On a community's page of deployed party members (双报到): anyone signed in reports
    in; its staff, the street office and confirmed members see the list; staff confirm
    and see phone numbers."""

    see_members: bool
    confirm: bool
    see_phones: bool


def deployed_capabilities(user, community: Community) -> DeployedCapabilities:
    return DeployedCapabilities(
        see_members=can(user, "community.view", community),  # staff are among them
        confirm=can(user, "community.announce", community),
        see_phones=can(user, "phone.view", community),
    )
