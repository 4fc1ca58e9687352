"""Who sees the duty roster, who arranges it, who may be on duty, and whose phone whom.

Decided here (issue 17 item 5 is silent on the details):
- A compound's station: its roster is read by everyone who may view the compound
  (residents, role holders, committees, the property company, volunteers, staff in scope).
  It is arranged by those who lead the compound's affairs — owners' or self-management
  committee members and the party branch's secretary or deputy — and by community staff.
  On duty may be: the current members of the compound's party branch, owners' committee
  and self-management committee; its volunteers (a volunteer role, or a member of one of
  its volunteer teams, or of a team of its community).
- A community's station (人人坞党群服务站): read by the people of the community's compounds
  and its staff; arranged by community staff (and the residents' committee); on duty may be
  community staff, confirmed deployed party members, members of the community's teams, and
  anyone eligible at one of its compounds.
- Phones: the station's phone is public to every reader — it is the number to call. The
  person on duty's own number is shown in full only where they chose to show it on that
  shift, or to readers entitled to phones anyway (the `phone.view` rule: role holders,
  committee officers, the property company, staff) and the roster's arrangers; everyone
  else sees it masked (138****0001).
- Swaps: the person on duty offers their shift, to one person who may be on duty there or
  to anyone who may (an open offer); anyone who may be on duty at the station takes an
  open offer (the others: 403), the first one to press. Closing a station, like setting one
  up, is for its arrangers.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Shift, Station, TeamMember
from compounds.models import Body, Compound, Membership, RoleAssignment
from compounds.permissions import Place, access_compound, can
from compounds.standing import standing_of

ON_DUTY_BODIES = (
    Body.Kind.PARTY_BRANCH,
    Body.Kind.OWNERS_COMMITTEE,
    Body.Kind.SELF_MANAGEMENT_COMMITTEE,
)
ARRANGERS = _(
    "Only the owners' committee, the party branch's secretaries or community staff arrange "
    "the duty roster here."
)


def place_of_station(station: Station) -> Place:
    """The station's chain of places; the station is fetched with its compound's or its
    community's chain (STATION_CHAIN), so this does not query."""
    if station.compound_id:
        compound = station.compound
        return Place(compound.community.street_office_id, compound.community_id, compound.pk)
    return Place(station.community.street_office_id, station.community_id)


def may_view(user, station: Station) -> bool:
    if station.compound_id:
        return can(user, "compound.view", station.compound)
    return can(user, "community.see", station.community)


def may_arrange(user, station: Station) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    g, place = standing_of(user), place_of_station(station)
    if place.community_id in g.communities:
        return True
    return place.compound_id is not None and place.compound_id in g.dispatch_compounds


def arranges_in(user, compound: Compound) -> bool:
    """May set up stations and shifts for this compound (its own station)."""
    return may_arrange(user, Station(compound=compound))


def require_arrange_in(user, compound: Compound) -> bool:
    """403 unless the user arranges the compound's roster; whether they are community staff
    there (who may also set up a station for the whole community)."""
    require_arrange(user, Station(compound=compound))
    return compound.community_id in standing_of(user).communities


def require_arrange(user, station: Station) -> None:
    if not may_arrange(user, station):
        raise PermissionDenied(ARRANGERS)


def may_see_phones(user, station: Station) -> bool:
    """Sees the person on duty's number in full whatever they chose (see the docstring)."""
    if may_arrange(user, station):
        return True
    if station.compound_id:
        return can(user, "phone.view", station.compound)
    g = standing_of(user)
    place = place_of_station(station)
    return place.community_id in g.communities or place.street_office_id in g.street_offices


def _compound_eligible(compound_ids, community_id: int) -> Q:
    members = Membership.objects.current().filter(
        body__compound_id__in=compound_ids,
        body__kind__in=ON_DUTY_BODIES,
        body__in=Body.objects.current(),
    )
    volunteers = RoleAssignment.objects.current().filter(
        role=RoleAssignment.Role.VOLUNTEER, compound_id__in=compound_ids
    )
    teams = TeamMember.objects.filter(
        Q(team__compound_id__in=compound_ids) | Q(team__community_id=community_id),
        state=TeamMember.State.MEMBER,
        team__disbanded_at__isnull=True,
    )
    return (
        Q(pk__in=members.values("user_id"))
        | Q(pk__in=volunteers.values("user_id"))
        | Q(pk__in=teams.values("user_id"))
    )


def eligible_people(station: Station) -> QuerySet:
    """Everyone who may be on duty at the station now (see the module's docstring)."""
    users = get_user_model().objects.filter(is_active=True)
    if station.compound_id:
        condition = _compound_eligible([station.compound_id], station.compound.community_id)
    else:
        compounds = Compound.objects.filter(community_id=station.community_id).values("pk")
        staff = RoleAssignment.objects.current().filter(
            Q(role=RoleAssignment.Role.COMMUNITY_STAFF)
            | Q(role=RoleAssignment.Role.DEPLOYED_MEMBER, confirmed=True),
            community_id=station.community_id,
        )
        committee = Membership.objects.current().filter(
            body__community_id=station.community_id, body__in=Body.objects.current()
        )
        condition = (
            _compound_eligible(compounds, station.community_id)
            | Q(pk__in=staff.values("user_id"))
            | Q(pk__in=committee.values("user_id"))
        )
    return users.filter(condition).order_by("display_name", "pk")


def is_eligible(user_id: int | None, station: Station) -> bool:
    return user_id is not None and eligible_people(station).filter(pk=user_id).exists()


def stations_on_duty(user) -> Q:
    """The stations (a condition on Station) where `user` may be on duty: eligible_people
    read the other way round, so that a list of every station's open offers the user may
    take is one query (tests/community/test_roster_open_offers.py holds the two to agree
    person by person)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__isnull=True)  # nobody: no station
    return stations_on_duty_of(user.pk, timezone.localdate())


def stations_on_duty_of(user: int, on) -> Q:
    """`stations_on_duty` for an active user's id on the day `on` (both parameters, so the
    week's query can be compiled once: portal/prepared.py)."""
    seats = Membership.objects.current(on).filter(
        user_id=user, body__kind__in=ON_DUTY_BODIES, body__in=Body.objects.current(on)
    )
    volunteer = RoleAssignment.objects.current(on).filter(
        user_id=user, role=RoleAssignment.Role.VOLUNTEER
    )
    teams = TeamMember.objects.filter(
        user_id=user, state=TeamMember.State.MEMBER, team__disbanded_at__isnull=True
    )
    staff = RoleAssignment.objects.current(on).filter(
        Q(role=RoleAssignment.Role.COMMUNITY_STAFF)
        | Q(role=RoleAssignment.Role.DEPLOYED_MEMBER, confirmed=True),
        user_id=user,
    )
    committee = Membership.objects.current(on).filter(
        user_id=user, body__community__isnull=False, body__in=Body.objects.current(on)
    )
    of_compound = (
        Q(compound_id__in=seats.values("body__compound_id"))
        | Q(compound_id__in=volunteer.values("compound_id"))
        | Q(compound_id__in=teams.values("team__compound_id"))
        | Q(
            compound_id__in=Compound.objects.filter(
                community_id__in=teams.values("team__community_id")
            ).values("pk")
        )
    )
    of_community = (
        Q(community_id__in=seats.values("body__compound__community_id"))
        | Q(community_id__in=volunteer.values("compound__community_id"))
        | Q(community_id__in=teams.values("team__compound__community_id"))
        | Q(community_id__in=teams.values("team__community_id"))
        | Q(community_id__in=staff.values("community_id"))
        | Q(community_id__in=committee.values("body__community_id"))
    )
    # Without a join from the station, so that it reads as a column of a station's row.
    return Q(compound_id__isnull=False) & of_compound | Q(community_id__isnull=False) & of_community


# Fetching as the user ------------------------------------------------------------------------

STATION_CHAIN = ("compound__community__street_office", "community__street_office")


def access_roster(user, compound_id: int) -> Compound:
    """The compound whose roster is asked for: 404 outside the user's scope."""
    return access_compound(user, compound_id)


def access_station(user, station_id: int, *, arrange: bool = False) -> Station:
    station = Station.objects.select_related(*STATION_CHAIN).filter(pk=station_id).first()
    if station is None or not may_view(user, station):
        raise Http404
    if arrange:
        require_arrange(user, station)
    return station


def access_shift(user, shift_id: int) -> Shift:
    """A shift of a station the user sees (404 otherwise), with its people."""
    shift = (
        Shift.objects.select_related("person", "offered_to")
        .select_related(*(f"station__{chain}" for chain in STATION_CHAIN))
        .filter(pk=shift_id)
        .first()
    )
    if shift is None or not may_view(user, shift.station):
        raise Http404
    return shift


def require_on_duty(user, shift: Shift) -> None:
    """403 unless the user is the shift's person on duty (who offers it, shows a phone)."""
    if shift.person_id != user.pk:
        raise PermissionDenied(
            _("Only the person on duty offers their shift or shows their phone.")
        )


def require_offered(user, shift: Shift) -> None:
    """403 unless the shift is offered to the user."""
    if shift.offered_to_id != user.pk:
        raise PermissionDenied(_("This shift is not offered to you."))


def may_offer(user, shift: Shift, now) -> bool:
    return shift.person_id == user.pk and shift.cancelled_at is None and shift.end > now


def may_answer(user, shift: Shift, now) -> bool:
    return shift.offered_to_id == user.pk and shift.cancelled_at is None and shift.end > now


def may_take(user, shift: Shift, now, eligible: bool | None = None) -> bool:
    """Whether the user may take the shift from its open offer now: someone else's shift,
    not over, offered to anyone who may be on duty at its station — and they may (one
    query, unless the caller knows already)."""
    if not shift.offered_open or shift.cancelled_at is not None or shift.end <= now:
        return False
    if shift.person_id == user.pk:
        return False
    return eligible if eligible is not None else is_eligible(user.pk, shift.station)


def require_may_be_on_duty(user, station: Station) -> None:
    """403 unless the user may be on duty at the station (who takes an open offer)."""
    if not is_eligible(user.pk, station):
        raise PermissionDenied(
            _("Only members of the branch, the committees and volunteers take shifts here.")
        )
