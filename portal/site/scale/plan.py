"""How much `seed_scale` makes at a scale: at 1, one street office with 10 communities,
100 compounds, 100,000 units, about 150,000 users, 1,000,000 requests over three years,
2,000 proposals, 300 closed and 5 open owners' votes with about 300,000 ballots, 500,000
entries in the compounds' books with their published statements. Every
count is proportional to the scale, with a floor of what the pages need (two compounds,
one closed and one open vote). The first compound is the largest — a tenth of all units,
as one compound of ours may have 10,000 homes — and the personas live there, so its pages
grow with the scale."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

UNITS_PER_BUILDING = 100  # 2 entrances × 25 floors × 2 doors
YEARS = 3
SEED = 13


def _at_least(floor: int, value: float) -> int:
    return max(floor, round(value))


@dataclass
class Plan:
    scale: float
    compounds: int
    communities: int
    units: int
    requests: int
    proposals: int
    closed_votes: int
    open_votes: int
    entries: int = 0
    now: datetime = field(default_factory=timezone.now)

    @classmethod
    def at(cls, scale: float) -> Plan:
        compounds = _at_least(2, 100 * scale)
        return cls(
            scale=scale,
            compounds=compounds,
            communities=min(10, max(1, compounds // 10)),
            units=_at_least(20 * compounds, 100_000 * scale),
            requests=_at_least(50, 1_000_000 * scale),
            proposals=_at_least(4, 2_000 * scale),
            closed_votes=_at_least(1, 300 * scale),
            open_votes=_at_least(1, 5 * scale),
            entries=_at_least(200, 500_000 * scale),
        )

    @property
    def start(self) -> datetime:
        return self.now - timedelta(days=365 * YEARS)

    def units_of_compounds(self) -> list[int]:
        """Units per compound: the first holds a tenth (at least its equal share)."""
        first = max(math.ceil(self.units / 10), math.ceil(self.units / self.compounds))
        rest = self.units - first
        others = self.compounds - 1
        sizes = [first] + [rest // others + (1 if i < rest % others else 0) for i in range(others)]
        return sizes
