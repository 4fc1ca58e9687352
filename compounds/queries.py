"""Reads about places and people, scoped to the asking user and shaped to avoid N+1."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from compounds.models import (
    Body,
    Building,
    BuildingRole,
    BuildingRoleKind,
    Commitment,
    Compound,
    Membership,
    Residency,
    RoleAssignment,
    Unit,
)
from compounds.standing import CHAIN, HOUSING_OFFICER, standing_of

# Owner roll (for votes) ------------------------------------------------------------------


@dataclass(frozen=True)
class RollEntry:
    unit_id: int
    area: Decimal
    headcount_key: str  # units with the same key count as one owner
    voter_id: int | None  # the user who votes for the unit; None for developer-held units


@dataclass(frozen=True)
class OwnerRoll:
    entries: tuple[RollEntry, ...]

    @property
    def total_area(self) -> Decimal:
        return sum((e.area for e in self.entries), Decimal("0"))

    @property
    def headcount(self) -> int:
        return len({e.headcount_key for e in self.entries})


DEVELOPER_KEY = "developer"


def unit_voter(owners: list[Residency]) -> int | None:
    """Who votes for a unit, from its verified current owner residencies."""
    if not owners:
        return None
    named = [r.user_id for r in owners if r.is_voter]
    if named:
        return named[0]
    sole = [r.user_id for r in owners if r.relation == Residency.Relation.OWNER]
    return sole[0] if sole else min(r.user_id for r in owners)


def owner_roll(compound: Compound, *, buildings=None, entrances=None, on=None) -> OwnerRoll:
    """The voting units of a compound (or of some buildings, or entrances as
    (building_id, entrance) pairs) with their area and headcount key.

    法释〔2009〕7号 第九条: one unit counts as one owner; one owner of several units counts
    once; the developer's unsold units count once together. Area is never collapsed.
    A unit speaks through one person, its voter: the co-owner named to vote, else its
    (first) sole owner, else the co-owner with the lowest id. The headcount is the number
    of distinct voters, so a person who votes for several units counts once, and two people
    count as two even when they also share a unit. The key changes only when the owners
    name another voter, never because a co-owner registers. Units with no verified owner and
    not developer-held count by area and as one owner each (their owners exist, even if not
    yet registered here).
    """
    units = Unit.objects.filter(building__compound=compound)
    if buildings is not None:
        units = units.filter(building__in=buildings)
    if entrances is not None:
        chosen = Q(pk__in=[])
        for building_id, entrance in entrances:
            chosen |= Q(building_id=building_id, entrance=entrance)
        units = units.filter(chosen)
    owners: dict[int, list[Residency]] = {}
    for residency in (
        Residency.objects.current(on)
        .filter(
            unit__in=units,
            status=Residency.Status.VERIFIED,
            relation__in=Residency.OWNER_RELATIONS,
        )
        .order_by("pk")
    ):
        owners.setdefault(residency.unit_id, []).append(residency)
    entries = []
    for unit_id, area, developer_held in units.order_by("pk").values_list(
        "pk", "area", "developer_held"
    ):
        if developer_held:
            entries.append(RollEntry(unit_id, area, DEVELOPER_KEY, None))
            continue
        voter = unit_voter(owners.get(unit_id, []))
        key = f"unit:{unit_id}" if voter is None else f"person:{voter}"
        entries.append(RollEntry(unit_id, area, key, voter))
    return OwnerRoll(tuple(entries))


# Boards -----------------------------------------------------------------------------------


def role_kinds_for(community_id: int) -> list[BuildingRoleKind]:
    """The community's own role set, or the default six when it has none."""
    kinds = list(
        BuildingRoleKind.objects.filter(Q(community_id=community_id) | Q(community__isnull=True))
    )
    own = [k for k in kinds if k.community_id == community_id]
    return own or [k for k in kinds if k.community_id is None]


@dataclass
class BoardRow:
    kind: BuildingRoleKind
    holder: BuildingRole | None  # None is a vacancy
    door: str = ""


def building_board(building: Building) -> list[BoardRow]:
    """One row per role of the set: the current holder with their door, or a vacancy."""
    kinds = role_kinds_for(building.compound.community_id)
    holders = {
        role.kind_id: role
        for role in BuildingRole.objects.current()
        .filter(building=building)
        .select_related("holder", "kind")
    }
    holder_ids = [r.holder_id for r in holders.values()]
    doors = {}
    for residency in (
        Residency.objects.current()
        .filter(
            user_id__in=holder_ids,
            unit__building__compound_id=building.compound_id,
            status=Residency.Status.VERIFIED,
        )
        .select_related("unit__building")
        .order_by("pk")
    ):
        doors.setdefault(residency.user_id, str(residency.unit))
    rows = []
    for kind in kinds:
        role = holders.get(kind.pk)
        rows.append(BoardRow(kind, role, doors.get(role.holder_id, "") if role else ""))
    return rows


def compound_bodies(compound: Compound) -> list[Body]:
    """All bodies of the compound, newest term first, with every membership (history too)."""
    bodies = list(
        Body.objects.filter(compound=compound)
        .order_by("kind", "-start")
        .prefetch_related(
            Prefetch(
                "memberships",
                Membership.objects.select_related("user").order_by("end", "position", "start"),
            )
        )
    )
    for body in bodies:
        body.compound = compound  # already loaded: no query per body
    return bodies


def party_members(compound: Compound) -> list:
    """Current party members serving the compound: branch members, committee members
    flagged as party members, and volunteers flagged as party members."""
    users = {}
    for membership in (
        Membership.objects.current()
        .filter(body__compound=compound, body__in=Body.objects.current())
        .select_related("user", "body")
    ):
        if membership.is_party_member or membership.body.kind == Body.Kind.PARTY_BRANCH:
            users.setdefault(membership.user_id, membership.user)
    for role in (
        RoleAssignment.objects.current()
        .filter(compound=compound, role=RoleAssignment.Role.VOLUNTEER, is_party_member=True)
        .select_related("user")
    ):
        users.setdefault(role.user_id, role.user)
    return sorted(users.values(), key=lambda u: u.display_name or u.phone)


def commitments_for(compound: Compound, month) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(compound=compound, month=month)
        .select_related("member", "compound__community")  # place_of for the rules: no query
        .annotate(
            marks_yes=Count("marks", filter=Q(marks__fulfilled=True)),
            marks_no=Count("marks", filter=Q(marks__fulfilled=False)),
        )
        .order_by("member__display_name", "pk")
    )


def commitments_marked_by(user, compound: Compound, month) -> set[int]:
    """The month's commitments of the compound that `user` has already marked."""
    if not user.is_authenticated:
        return set()
    return set(
        compound.commitments.filter(month=month, marks__resident=user).values_list("pk", flat=True)
    )


def review_queue(user) -> QuerySet[Residency]:
    """Pending residencies the user may verify (housing officer of the building, owners'
    committee of the compound, community staff)."""
    g = standing_of(user)
    housing = [b for b, codes in g.roles_by_building.items() if HOUSING_OFFICER in codes]
    committee = [
        c
        for c, kinds in g.bodies.items()
        if {Body.Kind.OWNERS_COMMITTEE, Body.Kind.SELF_MANAGEMENT_COMMITTEE} & kinds
    ]
    return (
        Residency.objects.filter(status=Residency.Status.PENDING)
        .filter(
            Q(unit__building_id__in=housing)
            | Q(unit__building__compound_id__in=committee)
            | Q(unit__building__compound__community_id__in=g.communities)
        )
        .select_related("user", CHAIN)
        .order_by("created_at")
    )


def homes_of(user) -> QuerySet[Residency]:
    """Every residency of the user, decided or not, newest first (the "my homes" page)."""
    return (
        Residency.objects.filter(user=user)
        .select_related(CHAIN, "reviewed_by")
        .order_by("-created_at")
    )


def deployed_members(community) -> list[RoleAssignment]:
    """The party members currently deployed to the community, confirmed or waiting."""
    return list(
        RoleAssignment.objects.current()
        .filter(community=community, role=RoleAssignment.Role.DEPLOYED_MEMBER)
        .select_related("user")
        .order_by("start", "pk")
    )
