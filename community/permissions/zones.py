"""Who may do what with service zones (认领式服务 / 片区包干) and their monthly clean-ups.

Decided for this area (issue 17, item 2): the compound's leads and community staff draw
zones; a team's leader claims a zone for the team, anyone who may join the compound's
teams claims one for themselves; the keeper (the person, or the keeping team's leader) or
the compound's leads release a zone and schedule its clean-up; the keeper, the keeping
team's members or the leads record a clean-up as done."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from community.models import Cleanup, Team, TeamMember, Zone
from community.permissions.teams import leads_compound, may_join_place
from compounds.models import Compound
from compounds.permissions import can

REFUSE_DRAW = _(
    "Only the owners' committee, the party branch's secretaries or community staff draw zones."
)
REFUSE_KEEP = _("Only the zone's keeper or the compound's committee looks after this zone.")
ZONES = Zone.objects.select_related(
    "compound__community__street_office", "keeper_team", "keeper_user"
)


def may_draw_zones(user, compound: Compound) -> bool:
    return leads_compound(user, compound)


def may_claim_for_self(user, zone: Zone) -> bool:
    return may_join_place(user, zone.compound, zone.compound.community)


def claimable_teams(user, zone: Zone):
    """The teams the user leads that may keep a zone of this compound."""
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    return Team.objects.filter(
        leader=user, disbanded_at__isnull=True, compound_id=zone.compound_id
    ) | Team.objects.filter(
        leader=user, disbanded_at__isnull=True, community_id=zone.compound.community_id
    )


def is_keeper(user, zone: Zone) -> bool:
    uid = getattr(user, "pk", None)
    if uid is None:
        return False
    if zone.keeper_user_id == uid:
        return True
    return zone.keeper_team_id is not None and zone.keeper_team.leader_id == uid


def may_keep(user, zone: Zone) -> bool:
    """Release the zone, schedule its clean-up."""
    return is_keeper(user, zone) or leads_compound(user, zone.compound)


def may_record_cleanup(user, zone: Zone) -> bool:
    if may_keep(user, zone):
        return True
    return (
        zone.keeper_team_id is not None
        and TeamMember.objects.filter(
            team_id=zone.keeper_team_id, user_id=getattr(user, "pk", None), state="member"
        ).exists()
    )


def access_zone(user, zone_id: int) -> Zone:
    zone = ZONES.filter(pk=zone_id).first()
    if zone is None or not can(user, "compound.view", zone.compound):
        raise Http404
    return zone


def access_zone_to_keep(user, zone_id: int) -> Zone:
    zone = access_zone(user, zone_id)
    if not may_keep(user, zone):
        raise PermissionDenied(REFUSE_KEEP)
    return zone


def access_cleanup(user, cleanup_id: int) -> Cleanup:
    cleanup = (
        Cleanup.objects.filter(pk=cleanup_id)
        .select_related(
            "zone__compound__community__street_office", "zone__keeper_team", "zone__keeper_user"
        )
        .first()
    )
    if cleanup is None or not can(user, "compound.view", cleanup.zone.compound):
        raise Http404
    return cleanup


def require_draw(user, compound: Compound) -> None:
    if not may_draw_zones(user, compound):
        raise PermissionDenied(REFUSE_DRAW)


def require_record(user, zone: Zone) -> None:
    if not may_record_cleanup(user, zone):
        raise PermissionDenied(REFUSE_KEEP)
