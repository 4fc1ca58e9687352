"""Reads of service zones: the community page's section, the compound's zones (on its
plan where one was uploaded, else as a list) and one zone's page with its clean-ups."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from community.hub import hub_section
from community.models import Cleanup, CleanupPhoto, CompoundPlan, Zone
from community.permissions.zones import (
    claimable_teams,
    is_keeper,
    may_claim_for_self,
    may_draw_zones,
    may_keep,
    may_record_cleanup,
)
from community.queries.places import plan_of
from compounds.models import Compound
from portal.prepared import Prepared

HUB_ZONES = 8
CLEANUPS_SHOWN = 12


def zones_of(compound: Compound) -> QuerySet[Zone]:
    return _zones_in(compound.pk)


def _zones_in(compound_id: int) -> QuerySet[Zone]:
    return (
        Zone.objects.filter(compound_id=compound_id)
        .select_related("keeper_team", "keeper_user")
        .order_by("name")
    )


# The community page's first zones, as SQL compiled once per process (portal/prepared.py).
_HUB_ZONES = Prepared(lambda compound: _zones_in(compound)[: HUB_ZONES + 1], compound=int)


@hub_section(20)
def zones_section(user, compound: Compound) -> dict:
    zones = _HUB_ZONES(compound=compound.pk)
    return {
        "template": "community/hub/_zones.html",
        "compound": compound,
        "zones": zones[:HUB_ZONES],
        "more": len(zones) > HUB_ZONES,
    }


def plan_size(plan: CompoundPlan | None) -> tuple[int, int] | None:
    """The plan image's size in pixels (read from its header), or None when there is no
    plan or its file cannot be read: then the zones are shown as a list only."""
    if plan is None:
        return None
    try:
        return plan.image.width, plan.image.height
    except (OSError, ValueError):
        return None


def zone_list(user, compound: Compound) -> dict:
    """The compound's zones, numbered; where a plan was uploaded, those with a point get
    its position in the plan's pixels (an SVG over the image: no inline style)."""
    zones = list(zones_of(compound))
    size = plan_size(plan_of(compound))
    for number, zone in enumerate(zones, start=1):
        zone.number = number
        if size and zone.plan_x is not None:
            zone.px = float(zone.plan_x) * size[0] / 100
            zone.py = float(zone.plan_y) * size[1] / 100
    return {
        "compound": compound,
        "zones": zones,
        "size": size,
        "radius": max(size) / 22 if size else 0,
        "on_plan": [z for z in zones if size and z.plan_x is not None],
        "may_draw": may_draw_zones(user, compound),
    }


def zone_page(user, zone: Zone) -> dict:
    photos = Prefetch("photos", queryset=CleanupPhoto.objects.order_by("pk"))
    cleanups = list(
        Cleanup.objects.filter(zone=zone)
        .select_related("done_by")
        .prefetch_related(photos)
        .order_by("-month")[:CLEANUPS_SHOWN]
    )
    free = not (zone.keeper_team_id or zone.keeper_user_id)
    today = timezone.localdate()
    # The one clean-up a keeper records now: the latest that is due and not done.
    due = next((c for c in cleanups if not c.done_at and c.day <= today), None)
    return {
        "record_id": due.pk if due else None,
        "zone": zone,
        "compound": zone.compound,
        "buildings": list(zone.buildings.order_by("name")),
        "cleanups": cleanups,
        "free": free,
        "teams": list(claimable_teams(user, zone)) if free else [],
        "may_claim_self": free and may_claim_for_self(user, zone),
        "may_keep": not free and may_keep(user, zone),
        "is_keeper": is_keeper(user, zone),
        "may_record": not free and may_record_cleanup(user, zone),
    }
