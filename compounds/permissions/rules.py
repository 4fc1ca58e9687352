"""The rules: who is who at a place, and the policy as data (action -> who may).

The answer comes only from the user's current standing (compounds/standing.py): their
residencies, building roles, committee memberships and role assignments, each with its
scope and term.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from compounds.models import (
    Body,
    Building,
    BuildingRole,
    Commitment,
    Community,
    Compound,
    Residency,
    StreetOffice,
    Unit,
)
from compounds.standing import HOUSING_OFFICER, Standing, standing_of

CHAIN_OF_BUILDING = "building__compound__community__street_office"

Kind = Body.Kind


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
    if isinstance(getattr(obj, "compound", None), Compound):  # a proposal, a vote, a request …
        return place_of(obj.compound)
    raise TypeError(f"no place for {type(obj).__name__}")


# Who is who at a place: the building blocks of the rules ---------------------------------


def _resident(g: Standing, p: Place) -> bool:
    return p.compound_id in g.resident_compounds


def _owner(g: Standing, p: Place) -> bool:
    return p.compound_id in g.owner_compounds


def _building_role_holder(g: Standing, p: Place) -> bool:
    if p.building_id is not None:
        return bool(g.roles_by_building.get(p.building_id))
    return p.compound_id in g.role_compounds


def _housing_officer(g: Standing, p: Place) -> bool:
    return p.building_id is not None and HOUSING_OFFICER in g.roles_by_building.get(
        p.building_id, ()
    )


def _committee(g: Standing, p: Place) -> bool:
    """Any compound body: party branch, owners', supervisory or self-management committee."""
    return bool(g.bodies.get(p.compound_id))


def _officer(g: Standing, p: Place) -> bool:
    """A member of the owners', supervisory or self-management committee, or the party
    branch's secretary or deputy."""
    return p.compound_id in g.officer_compounds


def _owners_committee(g: Standing, p: Place) -> bool:
    kinds = g.bodies.get(p.compound_id, ())
    return Kind.OWNERS_COMMITTEE in kinds or Kind.SELF_MANAGEMENT_COMMITTEE in kinds


def _supervisory(g: Standing, p: Place) -> bool:
    return Kind.SUPERVISORY_COMMITTEE in g.bodies.get(p.compound_id, ())


def _lead(g: Standing, p: Place) -> bool:
    """Those who lead a compound's affairs: owners' or self-management committee members and
    the party branch's secretary or deputy."""
    return p.compound_id in g.dispatch_compounds


def _party_member(g: Standing, p: Place) -> bool:
    return p.compound_id in g.party_compounds


def _property_staff(g: Standing, p: Place) -> bool:
    return p.compound_id in g.property_compounds


def _volunteer(g: Standing, p: Place) -> bool:
    return p.compound_id in g.volunteer_compounds


def _community_staff(g: Standing, p: Place) -> bool:
    return p.community_id in g.communities


def _deployed_member(g: Standing, p: Place) -> bool:
    return p.community_id in g.deployed_communities


def _street_staff(g: Standing, p: Place) -> bool:
    return p.street_office_id in g.street_offices


def _in_community(g: Standing, p: Place) -> bool:
    """Lives in or serves a compound of the community, or works for the community."""
    return p.community_id in g.member_communities


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
    # A community's own pages (its volunteers' hours): the people of its compounds, its
    # staff and deployed members, and the street office above it.
    "community.see": (_in_community, _street_staff),
    "community.view": (_community_staff, _street_staff, _deployed_member),
    # Notices: committee members and the party branch for their compound, staff for
    # compounds and whole communities of their area.
    "announcement.publish": (_officer, *_STAFF),
    "community.announce": _STAFF,
    # A street office exists, for the portal's purposes, to its own staff.
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
    # Joint, committee, assembly and representatives' meetings: the leads and staff (a
    # building head calls roundtables only).
    "meeting.call_formal": (_lead, *_STAFF),
    "ballot.collect": (_building_role_holder, _volunteer, _committee),
    "vote.bundle": (_owner, _owners_committee, *_STAFF),
    # Finance (财务公开): residents read the posted ledger of their compound (finance
    # decides when an account is public to everyone); the compound's bodies see the books
    # (entries not yet posted, original receipts); the supervisory committee reviews; the
    # leads and community staff open accounts and appoint their keepers.
    "finance.ledger": (_resident, _committee, *_STAFF),
    "finance.books": (_committee,),
    "finance.review": (_supervisory,),
    "finance.accounts": (_lead, _community_staff),
    # 应急使用 of the maintenance fund: the owners' committee approves, community staff
    # confirm (住宅专项维修资金管理办法 第二十二条).
    "finance.emergency_approve": (_owners_committee,),
    "finance.emergency_confirm": (_community_staff,),
    # Campaigns (众筹/分摊): the owners' (or self-management) committee and the party
    # branch's secretaries start them.
    "finance.campaign": (_lead,),
    # The dashboard (issue 15): community staff over their community's compounds, street
    # staff over every compound of their street office.
    "dashboard.view": _STAFF,
    # A compound's figures page (issue 15): the staff whose dashboard holds it, and its own
    # residents (a current verified home, any relation), who see what staff see.
    "compound.figures": (_resident, *_STAFF),
    # The audit log (issue 16, item 9): the supervisory committee, and the community and
    # street-office staff whose scope holds the compound. Nobody else learns it exists.
    "audit.view": (_supervisory, *_STAFF),
}

# What the 403 page says when an action is refused (a generic sentence otherwise).
REFUSALS = {
    "residency.review": _(
        "Only the housing officer, the owners' committee or community staff verify homes here."
    ),
    "registry.import": _("Only community and street-office staff keep the registry."),
    "request.rules": _("Only the owners' committee sets the rules for requests here."),
    "vote.organise": _("Only the owners' committee organises owners' votes here."),
    "proposal.lead": _(
        "Only the owners' committee and the party branch's secretaries lead proposals here."
    ),
    "ballot.collect": _(
        "Only building role holders, volunteers and committee members collect paper ballots here."
    ),
    "commitment.add": _("Only party members make public commitments here."),
    "finance.books": _("Only the compound's committees see its books before posting."),
    "finance.review": _("Only the supervisory committee reviews entries here."),
    "finance.accounts": _(
        "Only the owners' committee, the party branch's secretaries or community staff "
        "open accounts here."
    ),
    "finance.emergency_approve": _("Only the owners' committee approves an emergency use."),
    "finance.emergency_confirm": _("Only community staff confirm an emergency use."),
    "finance.campaign": _(
        "Only the owners' committee or the party branch's secretaries start campaigns here."
    ),
    "commitment.mark": _("Only residents of the compound mark commitments."),
    "request.file_for": _("Building role holders, committees and staff file for neighbours."),
    "community.announce": _(
        "Only community and street-office staff publish to a whole community or confirm "
        "deployed members."
    ),
}


def can(user, action: str, obj) -> bool:
    rules = RULES[action]
    if not getattr(user, "is_authenticated", False):
        return False
    standing = standing_of(user)
    place = place_of(obj)
    return any(rule(standing, place) for rule in rules)


def require(user, action: str, obj) -> None:
    """Refuse with 403 (and a sentence saying who may) unless the user may."""
    if not can(user, action, obj):
        raise PermissionDenied(REFUSALS.get(action, ""))


def can_view_board(user, compound: Compound) -> bool:
    """Public boards (两长四员, party members) are for the stairwell: readable by anyone when
    the compound allows it, otherwise by those who may view the compound."""
    return compound.boards_public or can(user, "compound.view", compound)


def may_record_deed(user, commitment: Commitment) -> bool:
    """The party member who made the commitment records what was done."""
    return commitment.member_id == getattr(user, "pk", None) and can(
        user, "commitment.add", commitment
    )


def may_mark(user, commitment: Commitment) -> bool:
    """Residents of the compound mark a commitment; its member does not mark their own."""
    return commitment.member_id != getattr(user, "pk", None) and can(
        user, "commitment.mark", commitment
    )


def reviews_homes_in(user, compound: Compound) -> bool:
    """Verifies homes somewhere in the compound: its owners' committee and community staff
    everywhere in it, a housing officer in their own building."""
    if can(user, "residency.review", compound):
        return True
    return any(
        role.kind.code == HOUSING_OFFICER and role.building.compound_id == compound.pk
        for role in standing_of(user).building_roles
    )


def visible_compounds(user) -> QuerySet[Compound]:
    g = standing_of(user)
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
