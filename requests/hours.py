"""Volunteers' service hours: those recorded on help orders (ServiceRecord), plus those
other apps count (requests.extras.HOURS_SOURCES: community's service activities), summed
per person. One query for the help orders and a fixed number per source, whatever the
number of people or records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import pgettext_lazy

from requests.extras import HOURS_SOURCES
from requests.models import ServiceRecord

HELP_ORDERS = pgettext_lazy("hours from", "help orders")  # 求助单
ZERO = Decimal("0")


@dataclass
class VolunteerHours:
    """One person's line of the ranking: their hours, and where they come from (each
    source with hours, in the sources' order, help orders first)."""

    volunteer_id: int
    name: str
    total: Decimal = ZERO
    parts: list[tuple[str, Decimal]] = field(default_factory=list)

    def add(self, label, hours: Decimal) -> None:
        self.total += hours
        self.parts.append((label, hours))


def _period(rows, year: int, month: int | None):
    rows = rows.filter(served_on__year=year)
    return rows.filter(served_on__month=month) if month else rows


def hours_ranking(community_id: int, year: int, month: int | None = None) -> list[VolunteerHours]:
    """Volunteers' service hours in a community for a year (or one month), most first —
    for the 最美志愿者 / 下沉党员 selection: help orders of its compounds, and each source's."""
    orders = (
        _period(
            ServiceRecord.objects.filter(request__compound__community_id=community_id), year, month
        )
        .values("volunteer_id", "volunteer__display_name")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    people: dict[int, VolunteerHours] = {}
    for row in orders:
        person = people[row["volunteer_id"]] = VolunteerHours(
            row["volunteer_id"], row["volunteer__display_name"]
        )
        person.add(HELP_ORDERS, row["total"])
    for source in HOURS_SOURCES:
        for user_id, (name, hours) in source.in_community(community_id, year, month).items():
            if hours:
                people.setdefault(user_id, VolunteerHours(user_id, name)).add(source.label, hours)
    return sorted(people.values(), key=lambda p: (-p.total, p.volunteer_id))


def hours_of(user_ids: Iterable[int], year: int, month: int | None = None) -> dict[int, Decimal]:
    """Each person's service hours in a year (or one month of it), wherever they served —
    for the party-member board, next to their commitments, and the volunteer's home."""
    ids = list(user_ids)
    totals: dict[int, Decimal] = dict(
        _period(ServiceRecord.objects.filter(volunteer_id__in=ids), year, month)
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .values_list("volunteer_id", "total")
        .order_by()
    )
    for source in HOURS_SOURCES:
        for user_id, hours in source.of_people(ids, year, month).items():
            if hours:
                totals[user_id] = totals.get(user_id, ZERO) + hours
    return totals
