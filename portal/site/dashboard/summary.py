"""The dashboard's A4 summary for the street office's monthly meeting (issue 15): totals
over the rows, and the worst compounds each with the parts that pull it down."""

from __future__ import annotations

from dataclasses import dataclass

from compounds.models import Community, StreetOffice
from compounds.standing import standing_of
from portal.site.dashboard.health import POOR, Part
from portal.site.dashboard.queries import Row

WORST = 10  # compounds named on the first page
WEAKEST = 2  # parts named for each


def offices_of(user) -> list[str]:
    """The names of the street offices and communities whose compounds the user's dashboard
    shows: the summary's title."""
    g = standing_of(user)
    offices = StreetOffice.objects.filter(pk__in=g.street_offices).order_by("name")
    communities = Community.objects.filter(pk__in=g.communities).exclude(
        street_office_id__in=g.street_offices
    )
    return [o.name for o in offices] + [c.name for c in communities.order_by("name")]


@dataclass(frozen=True)
class Totals:
    compounds: int
    counted: int  # compounds with figures (the sums are over these)
    poor: int  # health below POOR
    open_requests: int
    overdue_requests: int
    escalated_requests: int
    disclosures_late: int
    vacancies: int
    terms_ending: int
    poor_below: int = POOR

    @property
    def not_counted(self) -> int:
        return self.compounds - self.counted


SUMMED = (
    "open_requests",
    "overdue_requests",
    "escalated_requests",
    "disclosures_late",
    "vacancies",
    "terms_ending",
)


def totals(rows: list[Row]) -> Totals:
    counted = [r for r in rows if r.figures is not None]
    sums = {name: sum(getattr(r.figures, name) for r in counted) for name in SUMMED}
    poor = sum(1 for r in counted if r.health.score is not None and r.health.score < POOR)
    return Totals(compounds=len(rows), counted=len(counted), poor=poor, **sums)


def weakest(row: Row) -> list[Part]:
    """The parts that pull the compound down most: the lowest scores below 100, the heavier
    weight first on a tie (it costs the indicator more)."""
    parts = [p for p in row.health.parts if p.score is not None and p.score < 100]
    return sorted(parts, key=lambda p: (p.score, -p.weight))[:WEAKEST]


@dataclass(frozen=True)
class Worst:
    row: Row
    weakest: list[Part]


def worst(rows: list[Row]) -> list[Worst]:
    """The WORST compounds by health, lowest first, whatever order the table is in."""
    scored = [r for r in rows if r.health is not None and r.health.score is not None]
    scored.sort(key=lambda r: (r.health.score, r.compound.community.name, r.compound.name))
    return [Worst(r, weakest(r)) for r in scored[:WORST]]
