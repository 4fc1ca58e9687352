"""Facilities for the tests: manholes of 翡翠谷小区 (the `place` fixture's compound)."""

from community.models import Facility
from community.services.facilities import facility_add


def manholes(place, keeper, n: int = 3, prefix: str = "J") -> list[Facility]:
    return [
        facility_add(
            by=keeper,
            compound=place.compound,
            kind="manhole",
            code=f"{prefix}-{i:02d}",
            building=place.building,
            place=f"18栋东侧第{i}个",
        )
        for i in range(1, n + 1)
    ]
