"""Who may do what with volunteer teams (服务队).

Decided for this area (issue 17, item 1):
- creating a compound's team: its leads (owners' or self-management committee members,
  the party branch's secretary or deputy) and the community's staff; a community-wide
  team (社区服务队): the community's staff;
- applying: anyone with a tie to the team's place who could serve — residents, building
  role holders, committee members, the compound's volunteers, the community's deployed
  party members and staff (not property-company or street-office staff in that capacity);
- accepting or declining an application, handing the team to another of its members,
  disbanding it: the team's leader, and those who may create teams there (when the leader
  is away or has moved: they name a new leader from the members);
- a team is seen by whoever may see its compound (or its community); once disbanded, only
  by those who managed it (its last leader, and those who may create teams there), who
  see it marked disbanded — to everyone else it no longer exists (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from community.models import Team
from compounds.models import Community, Compound
from compounds.permissions import can
from compounds.standing import standing_of

REFUSE_CREATE = _(
    "Only the owners' committee, the party branch's secretaries or community staff create "
    "teams here."
)
REFUSE_LEAD = _("Only the team's leader accepts members.")
REFUSE_MANAGE = _(
    "Only the team's leader, the owners' committee, the party branch's secretaries or "
    "community staff change the team's leader or disband it."
)
REFUSE_JOIN = _("Only people who live in or serve this compound join its teams.")
TEAMS = Team.objects.select_related(
    "compound__community__street_office", "community__street_office", "leader"
)


def leads_compound(user, compound: Compound) -> bool:
    """Leads the compound's affairs or works for its community."""
    if not getattr(user, "is_authenticated", False):
        return False
    g = standing_of(user)
    return compound.pk in g.dispatch_compounds or compound.community_id in g.communities


def may_create_team(user, compound: Compound) -> bool:
    return leads_compound(user, compound)


def may_create_community_team(user, community: Community) -> bool:
    return (
        getattr(user, "is_authenticated", False) and community.pk in standing_of(user).communities
    )


def may_join_place(user, compound: Compound | None, community: Community) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    g = standing_of(user)
    if community.pk in g.communities or community.pk in g.deployed_communities:
        return True
    ids = g.resident_compounds | g.role_compounds | set(g.bodies) | g.volunteer_compounds
    if compound is None:  # a community-wide team: anyone of the community's compounds
        return community.pk in g.member_communities and bool(
            ids & set(community.compounds.values_list("pk", flat=True))
        )
    return compound.pk in ids


def may_join(user, team: Team) -> bool:
    return team.disbanded_at is None and may_join_place(user, team.compound, team.community_of)


def may_oversee_teams(user, team: Team) -> bool:
    """Those who may create teams where the team is: they manage it beside its leader."""
    if team.compound is not None:
        return leads_compound(user, team.compound)
    return may_create_community_team(user, team.community)


def may_manage_team(user, team: Team) -> bool:
    """Answer applications, hand the team to another member, disband it."""
    return team.leader_id == getattr(user, "pk", None) or may_oversee_teams(user, team)


def may_see_team(user, team: Team) -> bool:
    if team.compound is not None:
        seen = can(user, "compound.view", team.compound)
    else:
        seen = can(user, "community.see", team.community)
    return seen and (team.disbanded_at is None or may_manage_team(user, team))


def access_team(user, team_id: int, *, manage: bool = False, refusal=REFUSE_LEAD) -> Team:
    """The team as the user may see it: 404 outside their scope (and for a disbanded team,
    to all but those who managed it), 403 with `refusal` when `manage` and they neither
    lead it nor lead its compound."""
    team = TEAMS.filter(pk=team_id).first()
    if team is None or not may_see_team(user, team):
        raise Http404
    if manage and not may_manage_team(user, team):
        raise PermissionDenied(refusal)
    return team


def require_create(user, compound: Compound) -> None:
    if not may_create_team(user, compound):
        raise PermissionDenied(REFUSE_CREATE)
