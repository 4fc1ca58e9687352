"""Reads of volunteer teams: the community page's section, the list of a compound's teams
and one team's page. A fixed number of queries whatever the number of teams or members."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from community import extras
from community.hub import hub_section
from community.models import Team, TeamMember
from community.permissions.teams import (
    may_create_community_team,
    may_create_team,
    may_join,
    may_manage_team,
)
from compounds.models import Compound, Membership, RoleAssignment
from portal.prepared import Prepared

State = TeamMember.State
HUB_TEAMS = 6
DISBANDED_SHOWN = 20


def _teams_in(compound_id: int, community_id: int) -> QuerySet[Team]:
    return (
        Team.objects.filter(
            Q(compound_id=compound_id) | Q(community_id=community_id),
            disbanded_at__isnull=True,
        )
        .annotate(member_count=Count("members", filter=Q(members__state=State.MEMBER)))
        .order_by("compound_id", "name")
    )


def teams_of(compound: Compound) -> QuerySet[Team]:
    """The compound's own teams and its community's, with their member counts."""
    return _teams_in(compound.pk, compound.community_id).select_related("leader")


# The community page's first teams with their hours, as SQL compiled once per process
# (portal/prepared.py): building it took longer than the database takes to answer.
_HUB_TEAMS = Prepared(
    lambda compound, community: extras.with_hours(_teams_in(compound, community))[: HUB_TEAMS + 1],
    compound=int,
    community=int,
)


def disbanded_of(user, compound: Compound) -> list[Team]:
    """The latest teams disbanded here, for those who may create teams (their records'
    only way in): the compound's own, and the community's for its staff. One query."""
    if not may_create_team(user, compound):
        return []
    place = Q(compound=compound)
    if may_create_community_team(user, compound.community):
        place |= Q(community_id=compound.community_id)
    found = Team.objects.filter(place, disbanded_at__isnull=False).only(
        "name", "compound_id", "community_id", "disbanded_at", "disband_reason"
    )
    return list(found.order_by("-disbanded_at", "pk")[:DISBANDED_SHOWN])


@hub_section(10)
def teams_section(user, compound: Compound) -> dict:
    teams = _HUB_TEAMS(compound=compound.pk, community=compound.community_id)
    return {
        "template": "community/hub/_teams.html",
        "compound": compound,
        "teams": teams[:HUB_TEAMS],
        "more": len(teams) > HUB_TEAMS,
        "may_create": may_create_team(user, compound),
    }


def my_states(user, teams) -> dict[int, str]:
    """The user's state in each of these teams (applied, member …), in one query."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        TeamMember.objects.filter(user=user, team__in=[t.pk for t in teams]).values_list(
            "team_id", "state"
        )
    )


def _roster(team_id: int, community_id: int, on: date) -> QuerySet[TeamMember]:
    """The team's members and applications, each marked whether they are a deployed party
    member (`deployed`: 报到的在职党员, confirmed) or a party member of the community
    (`party`), in one query."""
    deployed = RoleAssignment.objects.current(on).filter(
        user_id=OuterRef("user_id"),
        role=RoleAssignment.Role.DEPLOYED_MEMBER,
        community_id=community_id,
        confirmed=True,
    )
    seated = Membership.objects.current(on).filter(
        Q(is_party_member=True) | Q(body__kind="party_branch"),
        user_id=OuterRef("user_id"),
        body__compound__community_id=community_id,
    )
    volunteering = RoleAssignment.objects.current(on).filter(
        user_id=OuterRef("user_id"),
        role=RoleAssignment.Role.VOLUNTEER,
        is_party_member=True,
        compound__community_id=community_id,
    )
    return (
        TeamMember.objects.filter(team_id=team_id, state__in=[State.MEMBER, State.APPLIED])
        .annotate(deployed=Exists(deployed), party=Exists(seated) | Exists(volunteering))
        .select_related("user")
        .order_by("state", "joined_at", "applied_at", "pk")
    )


# A team's page reads its roster as SQL compiled once per process (portal/prepared.py).
_ROSTER = Prepared(_roster, team_id=int, community_id=int, on=date)


def team_page(user, team: Team) -> dict:
    """Everything the team's page shows: members (and, for its leader, applications), its
    zones, the sections other areas add (activities) and its service hours."""
    on = timezone.localdate()
    rows = _ROSTER(team_id=team.pk, community_id=team.community_of.pk, on=on)
    members = [m for m in rows if m.state == State.MEMBER]
    manage = may_manage_team(user, team)
    for member in members:
        member.badge = "deployed" if member.deployed else "party" if member.party else ""
    mine = next((m for m in rows if m.user_id == getattr(user, "pk", None)), None)
    hours = extras.with_hours(Team.objects.filter(pk=team.pk)).values_list("hours", flat=True)[0]
    active = team.disbanded_at is None
    return {
        "team": team,
        "members": members,
        "applications": [m for m in rows if m.state == State.APPLIED] if manage else [],
        "mine": mine,
        "may_apply": mine is None and may_join(user, team),
        "may_leave": active and mine is not None and team.leader_id != user.pk,
        "manage": manage and active,
        "leads": team.leader_id == getattr(user, "pk", None),
        # Someone to hand the team to: a member besides the leader.
        "may_hand_over": manage and active and any(m.user_id != team.leader_id for m in members),
        "zones": list(team.zones.order_by("name")),
        "sections": extras.sections_of(user, team),
        "hours": hours,
    }


def disband_summary(team: Team) -> dict:
    """What disbanding the team will do, for its confirm page: the members told, the
    applications closed, the zones freed, and what the other areas say (community.extras)."""
    counts = TeamMember.objects.filter(team=team).aggregate(
        members=Count("pk", filter=Q(state=State.MEMBER)),
        applications=Count("pk", filter=Q(state=State.APPLIED)),
    )
    return counts | {
        "zones": list(team.zones.order_by("name").values_list("name", flat=True)),
        "elsewhere": extras.disband_preview(team),
    }
