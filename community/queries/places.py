"""The compound's plan, which zones and facilities are both drawn on."""

from __future__ import annotations

from community.models import CompoundPlan
from compounds.models import Compound


def plan_of(compound: Compound) -> CompoundPlan | None:
    return CompoundPlan.objects.filter(compound=compound).first()
