"""Who the user is here: their current homes, building roles, committee seats and staff
roles, loaded once per request and used by the header, the home page and every permission
check (compounds/permissions.py).

One load, two views of it: the rows themselves (with their places, for pages) and the ids
of the places each tie reaches (sets, for the rules). The object is cached on the user
object, which Django builds afresh for each request; `forget_standing` drops it after a
change made within the same request.

Across requests it is cached in the process (pickled, so each request gets its own
objects), keyed by the user, the local date (terms and contracts are by day) and the
user's `standing_version`, which comes with the user row every request loads anyway: a
change to the person's own ties (a home, a building role, a seat, a staff role) bumps it
in the same transaction (compounds/signals.py), so it applies from the next request on any
worker. A property company's contracts are read on every request (one query, only for its
staff), never kept. A change to a place that reaches many people at once — a department
retired, a body's term — bumps the people it reaches; a name shows within
STANDING_CACHE_SECONDS (60 s). No Redis: a frozen cache server must not slow every page.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from compounds.models import (
    Body,
    BuildingRole,
    Compound,
    Membership,
    Residency,
    RoleAssignment,
)

Kind = Body.Kind
Role = RoleAssignment.Role
# Of a party branch, these speak for it (publish notices, see phones); plain members do not.
BRANCH_OFFICERS = {Membership.Position.SECRETARY, Membership.Position.DEPUTY_SECRETARY}
HOUSING_OFFICER = "housing_officer"
CHAIN = "unit__building__compound__community__street_office"


@dataclass
class Standing:
    """A user's current ties to places, in a fixed number of queries (four, and one more
    for the compounds of a property company under contract)."""

    residencies: list[Residency] = field(default_factory=list)  # verified or waiting
    building_roles: list[BuildingRole] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)
    # Compounds the user's property company manages under a contract covering today.
    contract_compounds: list[Compound] = field(default_factory=list)

    resident_compounds: set[int] = field(default_factory=set)  # verified residency
    resident_buildings: set[int] = field(default_factory=set)
    owner_compounds: set[int] = field(default_factory=set)
    pending_compounds: set[int] = field(default_factory=set)
    roles_by_building: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    role_compounds: set[int] = field(default_factory=set)  # compounds of building roles
    bodies: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))  # compound
    officer_compounds: set[int] = field(default_factory=set)  # committee members, secretaries
    # Who leads a compound's affairs and dispatches its requests: owners' or
    # self-management committee members and the party branch's secretary or deputy.
    dispatch_compounds: set[int] = field(default_factory=set)
    branch_officer_compounds: set[int] = field(default_factory=set)  # secretary or deputy
    party_compounds: set[int] = field(default_factory=set)
    communities: set[int] = field(default_factory=set)  # community staff, residents' committee
    deployed_communities: set[int] = field(default_factory=set)
    street_offices: set[int] = field(default_factory=set)
    property_compounds: set[int] = field(default_factory=set)
    volunteer_compounds: set[int] = field(default_factory=set)
    departments: set[int] = field(default_factory=set)  # summoned by the street office
    companies: set[int] = field(default_factory=set)  # property companies the user works for
    # Communities of the compounds the user lives in or serves (a community's own pages,
    # such as its volunteers' hours, are for its people).
    member_communities: set[int] = field(default_factory=set)

    @property
    def verified_residencies(self) -> list[Residency]:
        return [r for r in self.residencies if r.status == Residency.Status.VERIFIED]

    @property
    def pending_residencies(self) -> list[Residency]:
        return [r for r in self.residencies if r.status != Residency.Status.VERIFIED]

    def is_owner(self) -> bool:
        return any(r.is_owner for r in self.verified_residencies)

    @property
    def compounds(self) -> list[Compound]:
        """Compounds the user lives in or serves directly, for the header's switch: homes,
        building roles, committees, volunteering and the property company's contracts."""
        seen: dict[int, Compound] = {}
        for residency in self.verified_residencies:
            seen.setdefault(residency.unit.building.compound_id, residency.unit.building.compound)
        for role in self.building_roles:
            seen.setdefault(role.building.compound_id, role.building.compound)
        for membership in self.memberships:
            if membership.body.compound_id:
                seen.setdefault(membership.body.compound_id, membership.body.compound)
        for role in self.roles:
            if role.compound_id:
                seen.setdefault(role.compound_id, role.compound)
        for compound in self.contract_compounds:
            seen.setdefault(compound.pk, compound)
        return list(seen.values())

    @property
    def serves_anywhere(self) -> bool:
        """Holds any role beyond living somewhere (a queue of requests to look at)."""
        return bool(
            self.roles_by_building
            or self.bodies
            or self.property_compounds
            or self.communities
            or self.street_offices
            or self.volunteer_compounds
            or self.departments
        )


def _load_residencies(s: Standing, user) -> None:
    s.residencies = list(
        Residency.objects.current()
        .filter(user=user)
        .exclude(status=Residency.Status.REJECTED)
        .select_related(CHAIN)
        .order_by("start", "pk")
    )
    for residency in s.residencies:
        building = residency.unit.building
        if residency.status == Residency.Status.VERIFIED:
            s.member_communities.add(building.compound.community_id)
            s.resident_compounds.add(building.compound_id)
            s.resident_buildings.add(building.pk)
            if residency.is_owner:
                s.owner_compounds.add(building.compound_id)
        else:
            s.pending_compounds.add(building.compound_id)


def _load_building_roles(s: Standing, user) -> None:
    s.building_roles = list(
        BuildingRole.objects.current()
        .filter(holder=user)
        .select_related("kind", "building__compound__community__street_office")
    )
    for role in s.building_roles:
        s.roles_by_building[role.building_id].add(role.kind.code)
        s.role_compounds.add(role.building.compound_id)
        s.member_communities.add(role.building.compound.community_id)


def _load_memberships(s: Standing, user) -> None:
    s.memberships = list(
        Membership.objects.current()
        .filter(user=user, body__in=Body.objects.current())
        .select_related("body__compound__community__street_office", "body__community")
    )
    for membership in s.memberships:
        kind, compound_id = membership.body.kind, membership.body.compound_id
        officer = membership.position in BRANCH_OFFICERS
        if kind == Kind.RESIDENTS_COMMITTEE:
            s.communities.add(membership.body.community_id)
            s.member_communities.add(membership.body.community_id)
            continue
        s.bodies[compound_id].add(kind)
        s.member_communities.add(membership.body.compound.community_id)
        if kind != Kind.PARTY_BRANCH or officer:
            s.officer_compounds.add(compound_id)
        if kind in (Kind.OWNERS_COMMITTEE, Kind.SELF_MANAGEMENT_COMMITTEE) or (
            kind == Kind.PARTY_BRANCH and officer
        ):
            s.dispatch_compounds.add(compound_id)
        if kind == Kind.PARTY_BRANCH and officer:
            s.branch_officer_compounds.add(compound_id)
        if membership.is_party_member or kind == Kind.PARTY_BRANCH:
            s.party_compounds.add(compound_id)


def _load_roles(s: Standing, user) -> None:
    s.roles = list(
        RoleAssignment.objects.current()
        .filter(user=user)
        .select_related(
            "compound__community__street_office",
            "community__street_office",
            "street_office",
            "property_company",
            "department",
        )
    )
    companies = set()
    for role in s.roles:
        if role.role == Role.COMMUNITY_STAFF:
            s.communities.add(role.community_id)
            s.member_communities.add(role.community_id)
        elif role.role == Role.DEPLOYED_MEMBER:
            if role.confirmed:  # grants nothing until community staff confirm it
                s.deployed_communities.add(role.community_id)
                s.member_communities.add(role.community_id)
        elif role.role == Role.STREET_STAFF:
            s.street_offices.add(role.street_office_id)
        elif role.role == Role.PROPERTY_STAFF:
            companies.add(role.property_company_id)
        elif role.role == Role.DEPARTMENT_STAFF:
            if role.department.active:  # a department the street office retired grants nothing
                s.departments.add(role.department_id)
        elif role.role == Role.VOLUNTEER:
            s.volunteer_compounds.add(role.compound_id)
            s.member_communities.add(role.compound.community_id)
            if role.is_party_member:
                s.party_compounds.add(role.compound_id)
    s.companies = companies


def _load_contracts(s: Standing) -> None:
    """The compounds the user's property company manages under a contract covering today:
    read on every request, never kept in the cache, so a contract ended by any means (the
    admin, a bulk update, a script) ends the staff's access at their next request."""
    if s.companies:
        s.contract_compounds = list(
            Compound.objects.under_contract()
            .filter(property_company_id__in=s.companies)
            .select_related("community__street_office")
            .order_by("community__name", "name")
        )
        s.property_compounds = {c.pk for c in s.contract_compounds}
        s.member_communities |= {c.community_id for c in s.contract_compounds}


STANDING_CACHE_SECONDS = 60
STANDING_CACHE_SIZE = 5000  # people per process


class _ProcessCache:
    """A small LRU of pickled standings with an age limit, shared by a process's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple, tuple[float, bytes]] = OrderedDict()

    def get(self, key: tuple) -> Standing | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < time.monotonic():
                return None
            self._items.move_to_end(key)
        return pickle.loads(item[1])  # noqa: S301 - bytes this process pickled itself

    def put(self, key: tuple, standing: Standing) -> None:
        data = pickle.dumps(standing, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._items[key] = (time.monotonic() + STANDING_CACHE_SECONDS, data)
            self._items.move_to_end(key)
            while len(self._items) > STANDING_CACHE_SIZE:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_cache = _ProcessCache()


def _load(user) -> Standing:
    standing = Standing()
    _load_residencies(standing, user)
    _load_building_roles(standing, user)
    _load_memberships(standing, user)
    _load_roles(standing, user)
    return standing


def standing_of(user) -> Standing:
    """The user's standing: cached on the user object for the request, and in the process
    across requests until their ties change (see the module's docstring)."""
    if not getattr(user, "is_authenticated", False):
        return Standing()
    cached = user.__dict__.get("_standing")
    if cached is not None:
        return cached
    key = (user.pk, getattr(user, "standing_version", None), timezone.localdate())
    standing = _cache.get(key)
    if standing is None:
        standing = _load(user)
        _cache.put(key, standing)
    _load_contracts(standing)
    user.__dict__["_standing"] = standing
    return standing


def bump_standing(user_ids) -> None:
    """The ties of these people changed: their next request loads their standing afresh.
    `user_ids` may be a list or a queryset of ids (one UPDATE either way)."""
    get_user_model().objects.filter(pk__in=user_ids).update(
        standing_version=F("standing_version") + 1
    )


def forget_standing(user) -> None:
    """Drop the cached standing after this request changed it (and read the version the
    change gave the user, so this request does not find the old one in the process cache)."""
    user.__dict__.pop("_standing", None)
    if getattr(user, "pk", None):
        bump_standing([user.pk])
        user.standing_version = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values_list("standing_version", flat=True)
            .first()
        )


def clear_standing_cache() -> None:
    """Empty this process's cache (tests, between cases)."""
    _cache.clear()
