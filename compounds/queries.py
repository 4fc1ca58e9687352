"""Reads about places and people, scoped to the asking user and shaped to avoid N+1."""

from __future__ import annotations

import hashlib
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
    VoterNomination,
)
from compounds.standing import CHAIN, HOUSING_OFFICER, standing_of

# Owner roll (for votes) ------------------------------------------------------------------


@dataclass(frozen=True)
class RollEntry:
    unit_id: int
    area: Decimal
    headcount_key: str  # units with the same key count as one owner (第九条)
    voter_id: int | None  # who casts the unit's ballot; None for developer-held units
    owner_ids: frozenset[int] = frozenset()  # its verified current owners
    area_source: str = Unit.AreaSource.REGISTER  # where its area comes from (第八条)


@dataclass(frozen=True)
class OwnerRoll:
    entries: tuple[RollEntry, ...]

    @property
    def total_area(self) -> Decimal:
        return sum((e.area for e in self.entries), Decimal("0"))

    @property
    def headcount(self) -> int:
        return len({e.headcount_key for e in self.entries})

    def area_sources(self) -> dict[str, int]:
        """How many units take their area from each source, in 第八条's order of preference
        (register, survey, contract); sources no unit uses are left out."""
        counts = {source: 0 for source in Unit.AreaSource.values}
        for entry in self.entries:
            counts[entry.area_source] += 1
        return {source: n for source, n in counts.items() if n}


DEVELOPER_KEY = "developer"
OWNERS_KEY = "owners:"
# The longest key RollEntry.head_key holds; a set of owners whose ids would not fit (some
# thirty co-owners) is keyed by a hash of the same sorted ids instead.
HEAD_KEY_MAX_LENGTH = 255


def owner_set_key(owner_ids) -> str:
    """The head key of a set of owners: their sorted user ids, so two units have the same
    key exactly when they have the same owners — whatever the order the owners were
    verified in, whoever of them is named to vote."""
    ids = ",".join(str(pk) for pk in sorted(set(owner_ids)))
    key = f"{OWNERS_KEY}{ids}"
    if len(key) <= HEAD_KEY_MAX_LENGTH:
        return key
    return f"{OWNERS_KEY}sha256:{hashlib.sha256(ids.encode()).hexdigest()}"


def unit_voter(owners: list[Residency]) -> int | None:
    """Who votes for a unit, from its verified current owner residencies: the co-owner
    named to vote (compounds.services.residency_name_voter), else its (first) sole owner,
    else the co-owner verified first — so a co-owner verified later never takes the vote
    over unasked: the earlier voter stands until the owners name another."""
    if not owners:
        return None
    named = [r.user_id for r in owners if r.is_voter]
    if named:
        return named[0]
    sole = [r.user_id for r in owners if r.relation == Residency.Relation.OWNER]
    return sole[0] if sole else min(owners, key=lambda r: (r.start, r.pk)).user_id


def owner_roll(compound: Compound, *, buildings=None, entrances=None, on=None) -> OwnerRoll:
    """The voting units of a compound (or of some buildings, or entrances as
    (building_id, entrance) pairs) with their area, headcount key and voter.

    法释〔2009〕7号 第九条: "一个专有部分按一人计算"; "同一买受人拥有一个以上专有部分的，按一人
    计算"; the developer's unsold or undelivered units count as one. The owner of a unit is
    the set of its verified current owners, so the headcount key is that set: units whose
    owner sets are identical count once; a unit of P alone and a unit of P and Q together
    are two owners; the developer's units count once together. A unit with no verified
    owner (and not developer-held) counts as one owner of its own — its owners exist even
    if not yet registered here. Area is never collapsed (第八条).

    The named voter decides only who casts the unit's ballot, never the count (unit_voter).
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
    for unit_id, area, source, developer_held in units.order_by("pk").values_list(
        "pk", "area", "area_source", "developer_held"
    ):
        if developer_held:
            entries.append(RollEntry(unit_id, area, DEVELOPER_KEY, None, area_source=source))
            continue
        mine = owners.get(unit_id, [])
        ids = frozenset(r.user_id for r in mine)
        key = owner_set_key(ids) if ids else f"unit:{unit_id}"
        entries.append(RollEntry(unit_id, area, key, unit_voter(mine), ids, source))
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
    return (
        Residency.objects.filter(status=Residency.Status.PENDING)
        .filter(_reviewed_by(user))
        .select_related("user", CHAIN)
        .order_by("created_at")
    )


def _reviewed_by(user) -> Q:
    """The units whose residencies the user verifies, as a filter on `unit`: the housing
    officer's buildings, the owners' committee's compound, the staff's communities."""
    g = standing_of(user)
    housing = [b for b, codes in g.roles_by_building.items() if HOUSING_OFFICER in codes]
    committee = [
        c
        for c, kinds in g.bodies.items()
        if {Body.Kind.OWNERS_COMMITTEE, Body.Kind.SELF_MANAGEMENT_COMMITTEE} & kinds
    ]
    return (
        Q(unit__building_id__in=housing)
        | Q(unit__building__compound_id__in=committee)
        | Q(unit__building__compound__community_id__in=g.communities)
    )


def homes_of(user) -> QuerySet[Residency]:
    """Every residency of the user, decided or not, newest first (the "my homes" page)."""
    return (
        Residency.objects.filter(user=user)
        .select_related(CHAIN, "reviewed_by")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class HomeVoter:
    """Who votes for a co-owned home now, and the naming waiting for its owners, if any."""

    owners: tuple[Residency, ...]  # verified current owners, with their users
    voter_id: int | None
    pending: VoterNomination | None = None
    agreed: frozenset[int] = frozenset()

    @property
    def voter(self):
        return next((r.user for r in self.owners if r.user_id == self.voter_id), None)

    @property
    def voter_residency(self) -> Residency | None:
        return next((r for r in self.owners if r.user_id == self.voter_id), None)

    @property
    def waiting_for(self) -> list:
        """The owners who have not agreed to the pending naming yet."""
        return [r.user for r in self.owners if r.user_id not in self.agreed]


def home_voters(user) -> dict[int, HomeVoter]:
    """For each unit the user owns now with others: its owners, who votes and the pending
    naming with who has agreed (the "my homes" page). Three queries."""
    units = Residency.objects.current().filter(
        user=user, status=Residency.Status.VERIFIED, relation__in=Residency.OWNER_RELATIONS
    )
    owners: dict[int, list[Residency]] = {}
    for residency in (
        Residency.objects.current()
        .filter(
            unit_id__in=units.values("unit_id"),
            status=Residency.Status.VERIFIED,
            relation__in=Residency.OWNER_RELATIONS,
        )
        .select_related("user")
        .order_by("pk")
    ):
        owners.setdefault(residency.unit_id, []).append(residency)
    shared = [unit_id for unit_id, rows in owners.items() if len(rows) > 1]
    pending = {
        n.unit_id: n
        for n in VoterNomination.objects.filter(
            unit_id__in=shared, state=VoterNomination.State.PENDING
        )
        .select_related("nominee__user", "named_by")
        .prefetch_related("agreements")
    }
    voters = {}
    for unit_id in shared:
        nomination = pending.get(unit_id)
        agreed = frozenset(a.user_id for a in nomination.agreements.all()) if nomination else ()
        voters[unit_id] = HomeVoter(
            tuple(owners[unit_id]), unit_voter(owners[unit_id]), nomination, frozenset(agreed)
        )
    return voters


def voter_namings_to_verify(user) -> QuerySet[VoterNomination]:
    """Pending namings of a voter in the homes the user may verify residencies of (housing
    officer of the building, owners' committee of the compound, community staff) — never
    of a home of their own."""
    own = Residency.objects.current().filter(user=user).values("unit_id")
    return (
        VoterNomination.objects.filter(state=VoterNomination.State.PENDING)
        .filter(_reviewed_by(user))
        .exclude(unit_id__in=own)
        .select_related("nominee__user", "named_by", "unit__building__compound")
        .prefetch_related("agreements__user")
        .order_by("created_at", "pk")
    )


def deployed_members(community) -> list[RoleAssignment]:
    """The party members currently deployed to the community, confirmed or waiting."""
    return list(
        RoleAssignment.objects.current()
        .filter(community=community, role=RoleAssignment.Role.DEPLOYED_MEMBER)
        .select_related("user")
        .order_by("start", "pk")
    )
