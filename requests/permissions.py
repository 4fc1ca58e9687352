"""Who may do what to a request, built on the one permission model in compounds/.

A user is one or more *parties* to a request (reporter, handler, the team of its handler
kind, a dispatcher of its place, a volunteer for a help order, a summoned department, the
neighbour who filed it); the workflow's table (workflow.py) names which parties make each
move. The queues in queries.py restate some of these rules as querysets;
tests/requests/test_rules_agree.py checks the two against each other on the demo data.

Everything here answers from the user's current standing: a property worker whose
company's contract has ended is no party to anything in that compound any more, not even
to the requests dispatched to him.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from compounds.models import (
    Body,
    BuildingRole,
    Community,
    Compound,
    Membership,
    RoleAssignment,
    StreetOffice,
)
from compounds.permissions import (
    Place,
    access_community,
    access_compound,
    access_street_office,
    can,
    place_of,
    visible_compounds,
)
from compounds.standing import HOUSING_OFFICER, Standing, standing_of
from requests.models import Follower, Request, RequestPhoto, Whistle

H = Request.Handler
HELP_KINDS = (Request.Kind.HELP, Request.Kind.WISH)
# Building roles that dispatch their building's common-area requests.
DISPATCH_ROLES = {"building_head", HOUSING_OFFICER}


class Party(StrEnum):
    REPORTER = "reporter"
    HANDLER = "handler"  # the person the request is dispatched to
    TEAM = "team"  # the people of the current handler kind (e.g. the property company)
    DISPATCHER = "dispatcher"  # building role holders, committees, property and area staff
    VOLUNTEER = "volunteer"
    DEPARTMENT = "department"  # people of a department the street office summoned
    FILER = "filer"  # filed it for a neighbour: follows it, acts through the return visit
    SYSTEM = "system"  # deadlines and escalation: no person


# The teams -----------------------------------------------------------------------------------

_COMMITTEE_BODIES = [
    Body.Kind.OWNERS_COMMITTEE,
    Body.Kind.PARTY_BRANCH,
    Body.Kind.SELF_MANAGEMENT_COMMITTEE,
]
# The utility does the work (the resident has its hotline); the committee and the party
# branch follow it up and close it, and it escalates like any other.
TEAM_BODIES = {
    H.SELF_MANAGEMENT: [Body.Kind.SELF_MANAGEMENT_COMMITTEE],
    H.UTILITY: _COMMITTEE_BODIES,
    H.COMMITTEE: _COMMITTEE_BODIES,
}


def team_ids(request: Request) -> set[int]:
    """The people of the request's current handler kind, now."""
    compound, kind = request.compound, request.handler_kind
    if kind == H.PROPERTY:
        if not compound.property_company_id or not compound.in_contract():
            return set()  # the contract ended: the company's staff no longer handle it
        return _role_holders(
            RoleAssignment.Role.PROPERTY_STAFF, property_company_id=compound.property_company_id
        )
    if kind == H.HOUSING_OFFICER:
        if not request.building_id:
            return set()
        return set(
            BuildingRole.objects.current()
            .filter(building_id=request.building_id, kind__code=HOUSING_OFFICER)
            .values_list("holder_id", flat=True)
        )
    if kind in TEAM_BODIES:
        return set(
            Membership.objects.current()
            .filter(
                body__compound=compound,
                body__kind__in=TEAM_BODIES[kind],
                body__in=Body.objects.current(),
            )
            .values_list("user_id", flat=True)
        )
    if kind == H.VOLUNTEERS:
        return _role_holders(RoleAssignment.Role.VOLUNTEER, compound=compound)
    if kind == H.COMMUNITY:  # its staff and the residents' committee (居委会)
        committee = Membership.objects.current().filter(
            body__kind=Body.Kind.RESIDENTS_COMMITTEE,
            body__community_id=compound.community_id,
            body__in=Body.objects.current(),
        )
        staff = _role_holders(RoleAssignment.Role.COMMUNITY_STAFF, community=compound.community_id)
        return staff | set(committee.values_list("user_id", flat=True))
    if kind == H.STREET_OFFICE:
        office = compound.community.street_office_id
        return _role_holders(RoleAssignment.Role.STREET_STAFF, street_office=office)
    return set()


def teams_of(requests) -> Q:
    """The people of the teams of all the requests (as `team_ids` of each, united), as one
    condition on users: three IN subqueries, whatever the number of requests. The requests
    need `compound__community` loaded."""
    roles, building_ids, bodies = [], set(), []
    by_kind: dict[str, list[Request]] = {}
    for request in requests:
        by_kind.setdefault(request.handler_kind, []).append(request)
    for kind, items in by_kind.items():
        compounds = {r.compound_id: r.compound for r in items}
        if kind == H.PROPERTY:
            companies = {
                c.property_company_id
                for c in compounds.values()
                if c.property_company_id and c.in_contract()
            }
            roles.append(
                Q(role=RoleAssignment.Role.PROPERTY_STAFF, property_company_id__in=companies)
            )
        elif kind == H.HOUSING_OFFICER:
            building_ids |= {r.building_id for r in items if r.building_id}
        elif kind in TEAM_BODIES:
            bodies.append(Q(body__compound_id__in=compounds, body__kind__in=TEAM_BODIES[kind]))
        elif kind == H.VOLUNTEERS:
            roles.append(Q(role=RoleAssignment.Role.VOLUNTEER, compound_id__in=compounds))
        elif kind == H.COMMUNITY:
            communities = {c.community_id for c in compounds.values()}
            roles.append(Q(role=RoleAssignment.Role.COMMUNITY_STAFF, community_id__in=communities))
            bodies.append(
                Q(body__kind=Body.Kind.RESIDENTS_COMMITTEE, body__community_id__in=communities)
            )
        elif kind == H.STREET_OFFICE:
            offices = {c.community.street_office_id for c in compounds.values()}
            roles.append(Q(role=RoleAssignment.Role.STREET_STAFF, street_office_id__in=offices))
    people = Q(pk__in=[])
    if roles:
        held = RoleAssignment.objects.current().filter(_or(roles))
        people |= Q(pk__in=held.values("user_id"))
    if building_ids:
        officers = BuildingRole.objects.current().filter(
            building_id__in=building_ids, kind__code=HOUSING_OFFICER
        )
        people |= Q(pk__in=officers.values("holder_id"))
    if bodies:
        members = Membership.objects.current().filter(_or(bodies), body__in=Body.objects.current())
        people |= Q(pk__in=members.values("user_id"))
    return people


def _or(conditions: list[Q]) -> Q:
    result = conditions[0]
    for condition in conditions[1:]:
        result |= condition
    return result


def building_dispatcher_ids(request: Request) -> set[int]:
    """The building head and 房管员 of the building a common-area request is about (they
    dispatch it: `is_dispatcher`); none for a request about someone's home."""
    if request.unit_id is not None or not request.building_id:
        return set()
    return set(
        BuildingRole.objects.current()
        .filter(building_id=request.building_id, kind__code__in=DISPATCH_ROLES)
        .values_list("holder_id", flat=True)
    )


def _role_holders(role: str, **scope) -> set[int]:
    return set(
        RoleAssignment.objects.current()
        .filter(role=role, **scope)
        .values_list("user_id", flat=True)
    )


# The parties ---------------------------------------------------------------------------------


def serves(g: Standing, place: Place) -> bool:
    """Holds, today, a role that lets one handle requests at the place. A handler keeps
    their part in a request only while this holds."""
    compound = place.compound_id
    return (
        compound in g.property_compounds
        or compound in g.volunteer_compounds
        or compound in g.bodies
        or compound in g.role_compounds
        or place.community_id in g.communities
        or place.community_id in g.deployed_communities
        or place.street_office_id in g.street_offices
    )


def is_dispatcher(g: Standing, place: Place, request: Request) -> bool:
    """Who may accept and dispatch at a place: property, community and street staff; and,
    for requests about common areas, the building head or 房管员 of the building and the
    compound's committee officers. A request about someone's home stays with staff."""
    if (
        place.compound_id in g.property_compounds
        or place.community_id in g.communities
        or place.street_office_id in g.street_offices
    ):
        return True
    if request.unit_id is not None:
        return False
    roles = g.roles_by_building.get(request.building_id, set()) if request.building_id else set()
    return bool(roles & DISPATCH_ROLES) or place.compound_id in g.dispatch_compounds


def is_helper(g: Standing, place: Place) -> bool:
    """A volunteer of the compound or a confirmed deployed party member of its community."""
    return place.compound_id in g.volunteer_compounds or place.community_id in (
        g.deployed_communities
    )


def parties_of(user, request: Request) -> set[Party]:
    if not getattr(user, "is_authenticated", False):
        return set()
    g = standing_of(user)
    place = place_of(request.building or request.compound)
    parties = set()
    if request.reporter_id == user.pk:
        parties.add(Party.REPORTER)
    if request.handler_id == user.pk and serves(g, place):
        parties.add(Party.HANDLER)
    if request.filed_by_id == user.pk and serves(g, place):
        parties.add(Party.FILER)  # filed for a neighbour from a role they still hold
    if serves(g, place) and user.pk in team_ids(request):
        parties.add(Party.TEAM)
    if is_dispatcher(g, place, request):
        parties.add(Party.DISPATCHER)
    # Nobody serves (and logs hours on) their own order.
    if is_helper(g, place) and request.kind in HELP_KINDS and request.reporter_id != user.pk:
        parties.add(Party.VOLUNTEER)
    if (
        g.departments
        and Whistle.objects.filter(request=request, department_id__in=g.departments).exists()
    ):
        parties.add(Party.DEPARTMENT)
    return parties


def followable(user, request: Request) -> bool:
    """A verified resident of the compound may follow an open request about a common area
    (我也遇到了); requests about someone's home stay private."""
    return (
        request.is_open
        and request.unit_id is None
        and request.compound_id in standing_of(user).resident_compounds
        and request.reporter_id != user.pk
    )


def may_follow(user, request: Request) -> bool:
    return (
        followable(user, request)
        and not Follower.objects.filter(request=request, user=user).exists()
    )


def may_record_hours(user, request: Request, parties: set[Party] | None = None) -> bool:
    """The volunteer who handled a help order records its hours once it is done, once
    (services.service_hours_record checks the same)."""
    parties = parties_of(user, request) if parties is None else parties
    return (
        request.kind in HELP_KINDS
        and request.state in (Request.State.RESOLVED, Request.State.CLOSED)
        and Party.HANDLER in parties
        and not request.service_records.filter(volunteer=user).exists()
    )


def may_see_visits(parties: set[Party]) -> bool:
    """Return visits are for those who make them: the team, dispatchers, the filer."""
    return bool({Party.TEAM, Party.DISPATCHER, Party.FILER} & parties)


def may_see_phone(user, request: Request) -> bool:
    return can(user, "phone.view", request.compound)


# Fetching as the user ------------------------------------------------------------------------

# Eight relations at most in one query: beyond that PostgreSQL's join-order search took
# 3 ms to plan a one-row fetch (0.8 ms at eight); the people come in a second query.
REQUEST_CHAIN = ("compound__community__street_office", "building", "unit", "category")
PEOPLE = ("reporter", "handler", "filed_by")


def _fetch_request(request_id: int) -> Request | None:
    """A request with its places and people, in two queries."""
    request = (
        Request.objects.filter(pk=request_id).select_related(*REQUEST_CHAIN).order_by().first()
    )
    if request is None:
        return None
    # The building and unit are the request's own compound's (place_of reads the chain).
    if request.building is not None and request.building.compound_id == request.compound_id:
        request.building.compound = request.compound
    if request.unit is not None and request.unit.building_id == request.building_id:
        request.unit.building = request.building
    ids = {getattr(request, f"{name}_id") for name in PEOPLE} - {None}
    people = get_user_model().objects.in_bulk(ids) if ids else {}
    for name in PEOPLE:
        setattr(request, name, people.get(getattr(request, f"{name}_id")))
    return request


def access_request(user, request_id: int) -> Request:
    """A request the user has a part in, follows, or may follow; anyone else gets 404, so
    guessing ids reveals nothing."""
    request = _fetch_request(request_id)
    if request is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if (
        parties_of(user, request)
        or Follower.objects.filter(request=request, user=user).exists()
        or followable(user, request)
    ):
        return request
    raise Http404


def access_photo(user, photo_id: int) -> RequestPhoto:
    photo = RequestPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    access_request(user, photo.request_id)
    return photo


def require_party(user, request: Request, *parties: Party, message="") -> None:
    """403 unless the user is one of `parties` to the request."""
    if not parties_of(user, request) & set(parties):
        raise PermissionDenied(message)


def access_help_order(user, request_id: int) -> Request:
    """A help order to claim: 404 unless the user sees it, 403 unless they may help."""
    request = access_request(user, request_id)
    require_party(
        user,
        request,
        Party.VOLUNTEER,
        message=_("Only volunteers and deployed party members take help orders."),
    )
    return request


def may_file_for(user) -> bool:
    """Holds a role that files for neighbours somewhere (RULES "request.file_for":
    building roles, committees, property and area staff)."""
    g = standing_of(user)
    return bool(
        g.roles_by_building or g.bodies or g.property_compounds or g.communities or g.street_offices
    )


def compounds_to_file_for(user) -> list[Compound]:
    """Compounds where the user files for neighbours, in a stable order."""
    return [
        c
        for c in visible_compounds(user).order_by("community__name", "name", "pk")
        if can(user, "request.file_for", c)
    ]


def has_queue(user) -> bool:
    """Anyone with a role has a workbench; residents follow their own requests instead."""
    return standing_of(user).serves_anywhere


def require_queue(user) -> None:
    if not has_queue(user):
        raise PermissionDenied(_("The workbench is for the people who handle requests."))


def access_rules(user, compound_id: int) -> Compound:
    return access_compound(user, compound_id, "request.rules")


def access_hours(user, community_id: int) -> Community:
    """A community's volunteer hours: for the people of its compounds, its staff and the
    street office above it; anyone else does not see the community at all."""
    return access_community(user, community_id, "community.see")


def access_departments(user, office_id: int) -> StreetOffice:
    """街道吹哨: a street office's departments, for its own staff (404 for anyone else:
    the office does not exist for them)."""
    return access_street_office(user, office_id)
