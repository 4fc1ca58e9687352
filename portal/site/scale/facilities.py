"""The facilities register at street scale (issue 17, item 6): one facility for every ten
homes (lamps, manholes, lifts … about 10,000 at scale 1, a thousand in the first compound),
each with two checks of history, the newest setting its condition."""

from __future__ import annotations

import random
from datetime import timedelta

from community.models import Facility, FacilityCheck
from community.models.facilities import Condition, condition_applies
from portal.site.scale.places import Street
from portal.site.scale.plan import Plan
from portal.site.scale.writer import Writer

KINDS = ["manhole"] * 4 + ["lamp"] * 3 + ["lift", "fire", "gate", "camera", "charger", "pipe"]
CONDITIONS = ["good"] * 14 + ["attention", "attention", "broken", "blocked"]
FACILITY_FIELDS = (
    *("id", "compound_id", "kind", "code", "building_id", "place"),
    *("plan_x", "plan_y", "condition", "checked_at", "created_at"),
)
CHECK_FIELDS = ("id", "facility_id", "condition", "note", "photo", "by_id", "at")
CHECKS = 2


def seed_facilities(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> None:
    facilities, checks = [], []
    for compound_id in street.compound_ids:
        units = street.units[compound_id]
        keeper = street.chair_of.get(compound_id) or street.staff[0]
        buildings = sorted({street.building_of[u] for u in units})
        count = max(1, len(units) // 10)
        ids = writer.ids(Facility, count)
        check_ids = iter(writer.ids(FacilityCheck, count * CHECKS))
        for n, pk in enumerate(ids, start=1):
            kind = rng.choice(KINDS)
            made = plan.start + timedelta(days=rng.randrange(0, 300))
            conditions = [_of(kind, rng.choice(CONDITIONS)) for _ in range(CHECKS)]
            moments = sorted(
                made + timedelta(days=rng.randrange(1, 365 * 2)) for _ in range(CHECKS)
            )
            building = buildings[n % len(buildings)]
            facilities.append(
                (pk, compound_id, kind, f"{kind[:2].upper()}-{n:05d}", building, f"第{n}号")
                + (None, None, conditions[-1], moments[-1], made)
            )
            checks += [
                (next(check_ids), pk, condition, "", "", keeper, at)
                for condition, at in zip(conditions, moments, strict=True)
            ]
    writer.write(Facility, FACILITY_FIELDS, facilities)
    writer.write(FacilityCheck, CHECK_FIELDS, checks)


def _of(kind: str, condition: str) -> str:
    """A condition the kind can be in: a lamp drawn blocked is broken (the draws stay the
    same, so the street's data is the same but for that word)."""
    return condition if condition_applies(kind, condition) else Condition.BROKEN
