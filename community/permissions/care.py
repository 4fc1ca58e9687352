"""Responsibilities (四包 / 党员联系户).

Decided for this area (issue 17, item 3): the party branch's secretary or deputy, the
owners' (or self-management) committee and the community's staff assign them; only a
party member of the compound (a branch member, a committee member who is one, a party
volunteer, a deployed party member of the community) or a role holder (a building role
or a committee seat) may be made answerable. Whoever may see the compound sees who is
answerable for what; the answerable person alone sees their households' requests and
unread notices."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from community.models import Responsibility
from compounds.models import Body, BuildingRole, Compound, Membership, RoleAssignment
from compounds.permissions import can
from compounds.standing import standing_of

REFUSE_ASSIGN = _(
    "Only the party branch's secretaries, the owners' committee or community staff assign "
    "responsibilities."
)
ASSIGNERS = {Body.Kind.OWNERS_COMMITTEE, Body.Kind.SELF_MANAGEMENT_COMMITTEE}


def may_assign(user, compound: Compound) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    g = standing_of(user)
    return (
        compound.pk in g.branch_officer_compounds
        or bool(ASSIGNERS & g.bodies.get(compound.pk, set()))
        or compound.community_id in g.communities
    )


def require_assign(user, compound: Compound) -> None:
    if not may_assign(user, compound):
        raise PermissionDenied(REFUSE_ASSIGN)


def answerable_people(compound: Compound) -> QuerySet:
    """Who may be made answerable here: the compound's party members and role holders."""
    seats = Membership.objects.current().filter(body__compound=compound)
    roles = BuildingRole.objects.current().filter(building__compound=compound)
    staff = RoleAssignment.objects.current().filter(
        Q(role=RoleAssignment.Role.VOLUNTEER, compound=compound, is_party_member=True)
        | Q(
            role=RoleAssignment.Role.DEPLOYED_MEMBER,
            community_id=compound.community_id,
            confirmed=True,
        )
    )
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=seats.values("user_id"))
            | Q(pk__in=roles.values("holder_id"))
            | Q(pk__in=staff.values("user_id"))
        )
        .order_by("display_name", "pk")
    )


def access_responsibility(user, responsibility_id: int) -> Responsibility:
    """An open responsibility, for those who may assign in its compound (404 elsewhere)."""
    found = (
        Responsibility.objects.filter(pk=responsibility_id, ended_at__isnull=True)
        .select_related("compound__community__street_office")
        .first()
    )
    if found is None:
        raise Http404
    if not may_assign(user, found.compound):
        if can(user, "compound.view", found.compound):
            raise PermissionDenied(REFUSE_ASSIGN)
        raise Http404
    return found
