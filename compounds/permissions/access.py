"""Fetching as the user: every access_* helper answers 404 when the object does not exist
or lies outside the user's scope, then 403 (with a sentence saying who may) when the user
sees it but may not act on it. Views fetch through these, never with a bare get(pk=…)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from compounds.models import (
    Building,
    Commitment,
    Community,
    Compound,
    RegistryExport,
    RegistryImport,
    Residency,
    RoleAssignment,
    StreetOffice,
)
from compounds.permissions.rules import CHAIN_OF_BUILDING, can, can_view_board, require


def fetch_as(user, queryset: QuerySet, pk: int, *, seen: str, action: str | None = None):
    """The object `pk` of `queryset` as the user may see it: 404 when it does not exist or
    lies outside the user's scope (the `seen` rule at its place), then 403 when the user
    may not take `action` there. Every access_* helper is this, with its own query."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not can(user, seen, obj):
        raise Http404
    if action:
        require(user, action, obj)
    return obj


def access_compound(user, compound_id: int, action: str = "compound.view") -> Compound:
    compounds = Compound.objects.select_related("community__street_office")
    return fetch_as(user, compounds, compound_id, seen="compound.view", action=action)


def access_building(user, building_id: int, action: str = "building.view") -> Building:
    buildings = Building.objects.select_related("compound__community__street_office")
    return fetch_as(user, buildings, building_id, seen="building.view", action=action)


def access_public_building(user, building_id: int) -> Building:
    """A building whose board may be read: 404 unless the compound's boards are public or
    the user belongs there."""
    building = (
        Building.objects.filter(pk=building_id)
        .select_related("compound__community__street_office")
        .first()
    )
    if building is None or not can_view_board(user, building.compound):
        raise Http404
    return building


def access_public_compound(user, compound_id: int) -> Compound:
    compound = Compound.objects.select_related("community__street_office").filter(pk=compound_id)
    compound = compound.first()
    if compound is None or not can_view_board(user, compound):
        raise Http404
    return compound


def access_residency_for_review(user, residency_id: int) -> Residency:
    residencies = Residency.objects.select_related("user", f"unit__{CHAIN_OF_BUILDING}")
    return fetch_as(
        user, residencies, residency_id, seen="compound.view", action="residency.review"
    )


def access_residency_proof(user, residency_id: int) -> Residency:
    """The photo of a residency's proof: its resident's own, and those who may review it;
    nobody else learns that it exists."""
    residency = (
        Residency.objects.filter(pk=residency_id)
        .select_related(f"unit__{CHAIN_OF_BUILDING}")
        .first()
    )
    if residency is None or not residency.evidence:
        raise Http404
    if residency.user_id != getattr(user, "pk", None) and not can(
        user, "residency.review", residency
    ):
        raise Http404
    return residency


def access_commitment(user, commitment_id: int, action: str) -> Commitment:
    commitment = (
        Commitment.objects.filter(pk=commitment_id)
        .select_related("member", "compound__community__street_office")
        .first()
    )
    if commitment is None or not can_view_board(user, commitment.compound):
        raise Http404
    require(user, action, commitment)
    return commitment


def may_mark_own_deed(user, commitment: Commitment) -> None:
    """Only the member who made the commitment records what was done."""
    if commitment.member_id != user.pk:
        raise PermissionDenied(_("Only the member who made the commitment records its deeds."))


def access_residency_as_owner(user, residency_id: int) -> Residency:
    """A residency of a unit the user verifiably owns now (for naming the unit's voter)."""
    residency = Residency.objects.filter(pk=residency_id).select_related("user").first()
    if (
        residency is None
        or not Residency.objects.current()
        .filter(
            unit_id=residency.unit_id,
            user=user,
            status=Residency.Status.VERIFIED,
            relation__in=Residency.OWNER_RELATIONS,
        )
        .exists()
    ):
        raise Http404
    return residency


def access_community(user, community_id: int, action: str = "community.see") -> Community:
    communities = Community.objects.select_related("street_office")
    return fetch_as(user, communities, community_id, seen="community.see", action=action)


def community_of_any(community_id: int) -> Community:
    """A community by id for pages open to anyone signed in (reporting in as a deployed
    party member to a community one does not yet belong to)."""
    community = Community.objects.filter(pk=community_id).select_related("street_office").first()
    if community is None:
        raise Http404
    return community


def access_street_office(user, office_id: int, action: str = "street_office.view") -> StreetOffice:
    return fetch_as(
        user, StreetOffice.objects.all(), office_id, seen="street_office.view", action=action
    )


def access_registry_import(user, import_id: int) -> RegistryImport:
    """A registry import of a compound the user sees; 403 unless they keep its registry."""
    jobs = RegistryImport.objects.select_related(
        "compound__community__street_office", "uploaded_by"
    )
    job = jobs.filter(pk=import_id).first()
    if job is None or not can(user, "compound.view", job.compound):
        raise Http404
    require(user, "registry.import", job.compound)
    return job


def access_registry_export(user, export_id: int) -> RegistryExport:
    """An export the user asked for: 404 for anyone else's (or one of a compound they no
    longer see), 403 once they no longer keep the compound's registry."""
    jobs = RegistryExport.objects.select_related("compound__community__street_office")
    job = jobs.filter(pk=export_id, requested_by_id=user.pk).first()
    if job is None or not can(user, "compound.view", job.compound):
        raise Http404
    require(user, "registry.import", job.compound)
    return job


def access_deployed_member(user, community_id: int, role_id: int) -> RoleAssignment:
    """A deployed member's report to a community, for its staff to confirm: 404 outside
    the user's scope, 403 unless they are its staff."""
    community = access_community(user, community_id, "community.announce")
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
