"""What the compounds pages let a user do, built on the one model in permissions.py.

permissions.py holds the rules table and the access helpers every app shares; this module
holds the rules only the compounds pages (and the services behind them) ask: the
capabilities a page reads, as frozen dataclasses, and access helpers that add a rule of
their own to a permissions.py helper. Like those, each fetches as the user and answers
404 before 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from compounds.models import Commitment, Community, Compound, Residency, RoleAssignment
from compounds.permissions import (
    access_commitment,
    access_community,
    access_residency_for_review,
    can,
    may_mark_own_deed,
    require,
)
from compounds.standing import HOUSING_OFFICER, standing_of


def reviews_homes_in(user, compound: Compound) -> bool:
    """Verifies homes somewhere in the compound: its owners' committee and community staff
    everywhere in it, a housing officer in their own building."""
    if can(user, "residency.review", compound):
        return True
    return any(
        role.kind.code == HOUSING_OFFICER and role.building.compound_id == compound.pk
        for role in standing_of(user).building_roles
    )


@dataclass(frozen=True)
class CompoundCapabilities:
    review_homes: bool
    set_request_rules: bool
    keep_registry: bool


def compound_capabilities(user, compound: Compound) -> CompoundCapabilities:
    return CompoundCapabilities(
        review_homes=reviews_homes_in(user, compound),
        set_request_rules=can(user, "request.rules", compound),
        keep_registry=can(user, "registry.import", compound),
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


def access_deployed_member(user, community_id: int, role_id: int) -> RoleAssignment:
    """A deployed member's report to a community, for its staff to confirm: 404 outside
    the user's scope, 403 unless they are its staff."""
    community = access_community(user, community_id)
    if not can(user, "community.announce", community):
        raise PermissionDenied(
            _("Only community and street-office staff confirm deployed members.")
        )
    role = (
        RoleAssignment.objects.filter(
            pk=role_id, community=community, role=RoleAssignment.Role.DEPLOYED_MEMBER
        )
        .select_related("user")
        .first()
    )
    if role is None:
        raise Http404
    role.community = community  # already loaded, with its street office
    return role


def access_residency_to_decide(user, residency_id: int) -> Residency:
    """A pending home to verify or reject: as access_residency_for_review, and never one's
    own."""
    residency = access_residency_for_review(user, residency_id)
    if residency.user_id == user.pk:
        raise PermissionDenied(_("Nobody may verify their own home."))
    return residency


def may_mark_commitment(user, commitment: Commitment) -> None:
    """Residents of the compound mark a commitment; its member does not mark their own."""
    require(user, "commitment.mark", commitment)
    if commitment.member_id == user.pk:
        raise PermissionDenied(_("You cannot mark your own commitment."))


def access_commitment_to_mark(user, commitment_id: int) -> Commitment:
    commitment = access_commitment(user, commitment_id, "commitment.mark")
    may_mark_commitment(user, commitment)
    return commitment


def access_own_commitment(user, commitment_id: int) -> Commitment:
    """A commitment of the user's own, to record what was done."""
    commitment = access_commitment(user, commitment_id, "commitment.add")
    may_mark_own_deed(user, commitment)
    return commitment
