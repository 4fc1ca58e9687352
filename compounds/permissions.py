"""The one permission model: may this user do this action to this object?

The answer comes only from the user's current residencies, building roles, committee
memberships and role assignments, each with its scope and term. Every app's
permissions.py builds on `can`, `require` and the `access_*` helpers here; views fetch
objects through them, so an id from a place the user cannot see gives 404, never the
object, and a visible object the user may not act on gives 403.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from compounds.models import (
    Body,
    Building,
    BuildingRole,
    Commitment,
    Community,
    Compound,
    Membership,
    Residency,
    RoleAssignment,
    StreetOffice,
    Unit,
)

Kind = Body.Kind
Role = RoleAssignment.Role
# Of a party branch, these speak for it (publish notices, see phones); plain members do not.
BRANCH_OFFICERS = {Membership.Position.SECRETARY, Membership.Position.DEPUTY_SECRETARY}
HOUSING_OFFICER = "housing_officer"


@dataclass(frozen=True)
class Place:
    """Where an object sits: the ids of its chain of places (building may be absent)."""

    street_office_id: int | None
    community_id: int | None = None
    compound_id: int | None = None
    building_id: int | None = None


def place_of(obj) -> Place:
    """The place of a place, a unit, a residency, a building role or a commitment.

    Callers fetch objects with the chain select_related (see queries.py), so this does not
    query the database."""
    if isinstance(obj, StreetOffice):
        return Place(obj.pk)
    if isinstance(obj, Community):
        return Place(obj.street_office_id, obj.pk)
    if isinstance(obj, Compound):
        return Place(obj.community.street_office_id, obj.community_id, obj.pk)
    if isinstance(obj, Building):
        compound = obj.compound
        return Place(
            compound.community.street_office_id, compound.community_id, compound.pk, obj.pk
        )
    if isinstance(obj, Unit):
        return place_of(obj.building)
    if isinstance(obj, Residency):
        return place_of(obj.unit.building)
    if isinstance(obj, BuildingRole):
        return place_of(obj.building)
    if isinstance(obj, Commitment):
        return place_of(obj.compound)
    raise TypeError(f"no place for {type(obj).__name__}")


@dataclass
class Grants:
    """A user's current ties to places, loaded in a fixed number of queries."""

    resident_compounds: set[int] = field(default_factory=set)  # verified residency
    resident_buildings: set[int] = field(default_factory=set)
    owner_compounds: set[int] = field(default_factory=set)
    pending_compounds: set[int] = field(default_factory=set)
    building_roles: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    role_compounds: set[int] = field(default_factory=set)  # compounds of building roles
    bodies: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))  # compound
    officer_compounds: set[int] = field(default_factory=set)  # committee members, secretaries
    # Who dispatches a compound's requests: owners' or self-management committee members
    # and the party branch's secretary or deputy (not the supervisory committee).
    dispatch_compounds: set[int] = field(default_factory=set)
    branch_officer_compounds: set[int] = field(default_factory=set)  # secretary or deputy
    party_compounds: set[int] = field(default_factory=set)
    communities: set[int] = field(default_factory=set)  # community staff, residents' committee
    deployed_communities: set[int] = field(default_factory=set)
    street_offices: set[int] = field(default_factory=set)
    property_compounds: set[int] = field(default_factory=set)
    volunteer_compounds: set[int] = field(default_factory=set)
    departments: set[int] = field(default_factory=set)  # summoned by the street office

    @property
    def is_empty(self) -> bool:
        return not any(vars(self).values())


def under_contract(on=None) -> Q:
    """Compounds whose property contract covers the day (open ends count as covering)."""
    on = on or timezone.localdate()
    return (Q(contract_start__isnull=True) | Q(contract_start__lte=on)) & (
        Q(contract_end__isnull=True) | Q(contract_end__gte=on)
    )


def in_contract(compound: Compound, on=None) -> bool:
    """`under_contract` for one compound already in memory."""
    on = on or timezone.localdate()
    start, end = compound.contract_start, compound.contract_end
    return (start is None or start <= on) and (end is None or end >= on)


def grants_of(user) -> Grants:
    """Current grants of `user`, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return Grants()
    cached = getattr(user, "_grants", None)
    if cached is not None:
        return cached
    grants = Grants()
    for compound_id, building_id, relation, status in (
        Residency.objects.current()
        .filter(user=user)
        .exclude(status=Residency.Status.REJECTED)
        .values_list("unit__building__compound_id", "unit__building_id", "relation", "status")
    ):
        if status == Residency.Status.VERIFIED:
            grants.resident_compounds.add(compound_id)
            grants.resident_buildings.add(building_id)
            if relation in Residency.OWNER_RELATIONS:
                grants.owner_compounds.add(compound_id)
        else:
            grants.pending_compounds.add(compound_id)
    for building_id, compound_id, code in (
        BuildingRole.objects.current()
        .filter(holder=user)
        .values_list("building_id", "building__compound_id", "kind__code")
    ):
        grants.building_roles[building_id].add(code)
        grants.role_compounds.add(compound_id)
    for kind, compound_id, community_id, party, position in (
        Membership.objects.current()
        .filter(user=user, body__in=Body.objects.current())
        .values_list(
            "body__kind", "body__compound_id", "body__community_id", "is_party_member", "position"
        )
    ):
        if kind == Kind.RESIDENTS_COMMITTEE:
            grants.communities.add(community_id)
            continue
        grants.bodies[compound_id].add(kind)
        if kind != Kind.PARTY_BRANCH or position in BRANCH_OFFICERS:
            grants.officer_compounds.add(compound_id)
        if kind in (Kind.OWNERS_COMMITTEE, Kind.SELF_MANAGEMENT_COMMITTEE) or (
            kind == Kind.PARTY_BRANCH and position in BRANCH_OFFICERS
        ):
            grants.dispatch_compounds.add(compound_id)
        if kind == Kind.PARTY_BRANCH and position in BRANCH_OFFICERS:
            grants.branch_officer_compounds.add(compound_id)
        if party or kind == Kind.PARTY_BRANCH:
            grants.party_compounds.add(compound_id)
    for role, compound_id, community_id, office_id, company_id, dept_id, live, party, ok in (
        RoleAssignment.objects.current()
        .filter(user=user)
        .values_list(
            "role",
            "compound_id",
            "community_id",
            "street_office_id",
            "property_company_id",
            "department_id",
            "department__active",
            "is_party_member",
            "confirmed",
        )
    ):
        if role == Role.COMMUNITY_STAFF:
            grants.communities.add(community_id)
        elif role == Role.DEPLOYED_MEMBER:
            if ok:
                grants.deployed_communities.add(community_id)
        elif role == Role.STREET_STAFF:
            grants.street_offices.add(office_id)
        elif role == Role.PROPERTY_STAFF:
            grants.property_compounds.update(
                Compound.objects.filter(
                    under_contract(), property_company_id=company_id
                ).values_list("pk", flat=True)
            )
        elif role == Role.DEPARTMENT_STAFF:
            if live:  # a department the street office retired grants nothing
                grants.departments.add(dept_id)
        elif role == Role.VOLUNTEER:
            grants.volunteer_compounds.add(compound_id)
            if party:
                grants.party_compounds.add(compound_id)
    user._grants = grants
    return grants


def forget_grants(user) -> None:
    """Drop the cached grants after this request changed them."""
    user.__dict__.pop("_grants", None)


# Who is who at a place: the building blocks of the rules ---------------------------------


def _resident(g: Grants, p: Place) -> bool:
    return p.compound_id in g.resident_compounds


def _owner(g: Grants, p: Place) -> bool:
    return p.compound_id in g.owner_compounds


def _building_role_holder(g: Grants, p: Place) -> bool:
    if p.building_id is not None:
        return bool(g.building_roles.get(p.building_id))
    return p.compound_id in g.role_compounds


def _housing_officer(g: Grants, p: Place) -> bool:
    return p.building_id is not None and HOUSING_OFFICER in g.building_roles.get(p.building_id, ())


def _committee(g: Grants, p: Place) -> bool:
    """Any compound body: party branch, owners', supervisory or self-management committee."""
    return bool(g.bodies.get(p.compound_id))


def _officer(g: Grants, p: Place) -> bool:
    """A member of the owners', supervisory or self-management committee, or the party
    branch's secretary or deputy."""
    return p.compound_id in g.officer_compounds


def _owners_committee(g: Grants, p: Place) -> bool:
    kinds = g.bodies.get(p.compound_id, ())
    return Kind.OWNERS_COMMITTEE in kinds or Kind.SELF_MANAGEMENT_COMMITTEE in kinds


def _lead(g: Grants, p: Place) -> bool:
    """Those who lead a compound's affairs: owners' or self-management committee members and
    the party branch's secretary or deputy."""
    return p.compound_id in g.dispatch_compounds


def _party_member(g: Grants, p: Place) -> bool:
    return p.compound_id in g.party_compounds


def _property_staff(g: Grants, p: Place) -> bool:
    return p.compound_id in g.property_compounds


def _volunteer(g: Grants, p: Place) -> bool:
    return p.compound_id in g.volunteer_compounds


def _community_staff(g: Grants, p: Place) -> bool:
    return p.community_id in g.communities


def _deployed_member(g: Grants, p: Place) -> bool:
    return p.community_id in g.deployed_communities


def _street_staff(g: Grants, p: Place) -> bool:
    return p.street_office_id in g.street_offices


_STAFF = (_community_staff, _street_staff)
_IN_COMPOUND = (
    _resident,
    _building_role_holder,
    _committee,
    _property_staff,
    _volunteer,
    _deployed_member,
    *_STAFF,
)

# The policy, as data: action -> who may, at the object's place.
RULES: dict[str, tuple] = {
    "compound.view": _IN_COMPOUND,
    "building.view": _IN_COMPOUND,
    "residency.review": (_housing_officer, _owners_committee, _community_staff),
    "registry.import": _STAFF,
    "phone.view": (_building_role_holder, _officer, _property_staff, *_STAFF),
    "commitment.add": (_party_member,),
    "commitment.mark": (_resident,),
    "community.view": (_community_staff, _street_staff, _deployed_member),
    # Notices: committee members and the party branch for their compound, staff for
    # compounds and whole communities of their area.
    "announcement.publish": (_officer, *_STAFF),
    "community.announce": _STAFF,
    "street_office.view": (_street_staff,),
    # Filing a request for a neighbour without a phone (代报): role holders and staff.
    "request.file_for": (_building_role_holder, _committee, _property_staff, *_STAFF),
    # A compound's request categories, routing and time limits: its committee (community
    # staff where a compound has none).
    "request.rules": (_owners_committee, _community_staff),
    # Owners' votes: the owners' committee organises (community staff where there is
    # none); building role holders, volunteers and committee members collect paper ballots
    # and verify each other's entries; owners (and organisers) download the audit bundle.
    "vote.organise": (_owners_committee, _community_staff),
    # Proposals (五议): the compound's leads (owners' or self-management committee members,
    # the party branch's secretary or deputy) raise and move them; residents comment,
    # owners co-sign petitions.
    "proposal.lead": (_lead,),
    "proposal.comment": (_resident,),
    "petition.sign": (_owner,),
    "meeting.organise": (_lead, _building_role_holder, *_STAFF),
    "ballot.collect": (_building_role_holder, _volunteer, _committee),
    "vote.bundle": (_owner, _owners_committee, *_STAFF),
}


def can(user, action: str, obj) -> bool:
    rules = RULES[action]
    if not getattr(user, "is_authenticated", False):
        return False
    grants = grants_of(user)
    place = place_of(obj)
    return any(rule(grants, place) for rule in rules)


def require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def can_view_board(user, compound: Compound) -> bool:
    """Public boards (两长四员, party members) are for the stairwell: readable by anyone when
    the compound allows it, otherwise by those who may view the compound."""
    return compound.boards_public or can(user, "compound.view", compound)


# Scoped querysets and fetching as the user --------------------------------------------------


def visible_compounds(user) -> QuerySet[Compound]:
    g = grants_of(user)
    ids = (
        g.resident_compounds
        | g.role_compounds
        | set(g.bodies)
        | g.property_compounds
        | g.volunteer_compounds
    )
    return Compound.objects.filter(
        Q(pk__in=ids)
        | Q(community_id__in=g.communities | g.deployed_communities)
        | Q(community__street_office_id__in=g.street_offices)
    ).select_related("community__street_office")


def _compound_chain(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("community__street_office")


def access_compound(user, compound_id: int, action: str = "compound.view") -> Compound:
    compound = _compound_chain(Compound.objects.filter(pk=compound_id)).first()
    if compound is None or not can(user, "compound.view", compound):
        raise Http404
    require(user, action, compound)
    return compound


def access_building(user, building_id: int, action: str = "building.view") -> Building:
    building = (
        Building.objects.filter(pk=building_id)
        .select_related("compound__community__street_office")
        .first()
    )
    if building is None or not can(user, "building.view", building):
        raise Http404
    require(user, action, building)
    return building


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
    compound = _compound_chain(Compound.objects.filter(pk=compound_id)).first()
    if compound is None or not can_view_board(user, compound):
        raise Http404
    return compound


def access_residency_for_review(user, residency_id: int) -> Residency:
    residency = (
        Residency.objects.filter(pk=residency_id)
        .select_related("user", "unit__building__compound__community__street_office")
        .first()
    )
    if residency is None or not can(user, "compound.view", residency):
        raise Http404
    require(user, "residency.review", residency)
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


def access_community(user, community_id, action: str = "community.view") -> Community:
    community = Community.objects.filter(pk=community_id).select_related("street_office").first()
    if community is None:
        raise Http404
    require(user, action, community)
    return community
