"""Reads of responsibilities (四包 / 党员联系户): who is answerable for the reader's homes (the
community page and home), the compound's list, and the answerable person's own page:
their households' open requests and the notices those households have not read."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from community.hub import hub_section
from community.models import Responsibility
from community.permissions.care import may_assign
from compounds.announcements.models import Announcement, Receipt
from compounds.models import Compound, Residency, Unit
from compounds.standing import standing_of
from portal.prepared import Prepared
from requests.models import Request

Matter = Responsibility.Matter
OPEN = Responsibility.objects.filter(ended_at__isnull=True)
SHOWN = 50
# Old notices nobody went back to are not a visit to make: the person follows up the
# notices of the last month.
NOTICES_SINCE = timedelta(days=30)


def _answerable(user, compound: Compound | None, own_too: bool) -> tuple[list, bool]:
    """Who is answerable for the user's current homes (in `compound`, or anywhere): the
    households' contact for their own home, and each matter of their building; and, with
    `own_too`, whether the user is answerable for anyone in `compound`. One query at most."""
    g = standing_of(user)
    homes = [r.unit for r in g.verified_residencies]
    if compound is not None:
        homes = [u for u in homes if u.building.compound_id == compound.pk]
    if not homes:
        own = Q(person_id=getattr(user, "pk", None), compound=compound)
        return [], own_too and OPEN.filter(own).exists()
    if compound is None:
        rows = list(_rows(user.pk, None, timezone.localdate(), own_too=False))
    else:
        rows = _HUB_ROWS(user=user.pk, compound=compound.pk, on=timezone.localdate())
    mine = own_too and any(r.person_id == user.pk and r.compound_id == compound.pk for r in rows)
    return [r for r in rows if r.for_me], mine


def _rows(user: int, compound: int | None, on: date, *, own_too: bool):
    """Open responsibilities for the homes `user` lives in on `on` (in `compound`, when
    given), each marked `for_me`; with `own_too`, also those `user` holds in `compound`."""
    homes = Residency.objects.current(on).filter(user_id=user, status=Residency.Status.VERIFIED)
    if compound is not None:
        homes = homes.filter(unit__building__compound_id=compound)
    households = Responsibility.units.through.objects.filter(
        responsibility_id=OuterRef("pk"), unit_id__in=homes.values("unit_id")
    )
    for_me = (Q(matter=Matter.HOUSEHOLDS) & Exists(households)) | (
        ~Q(matter=Matter.HOUSEHOLDS) & Q(building_id__in=homes.values("unit__building_id"))
    )
    own = Q(person_id=user, compound_id=compound) if own_too else Q(pk=None)
    return (
        OPEN.annotate(for_me=ExpressionWrapper(for_me, output_field=BooleanField()))
        .filter(Q(for_me=True) | own)
        .select_related("person", "building")
        .order_by("building_id", "matter", "pk")
    )


# The community page's read, as SQL compiled once per process (portal/prepared.py).
_HUB_ROWS = Prepared(
    lambda user, compound, on: _rows(user, compound, on, own_too=True),
    user=int,
    compound=int,
    on=date,
)


def answerable_for(user, compound: Compound | None = None) -> list[Responsibility]:
    """Who is answerable for the user's current homes (in `compound`, or anywhere)."""
    return _answerable(user, compound, own_too=False)[0]


@hub_section(30)
def care_section(user, compound: Compound) -> dict:
    answerable, answerable_here = _answerable(user, compound, own_too=True)
    return {
        "template": "community/hub/_care.html",
        "compound": compound,
        "answerable": answerable,
        "answerable_here": answerable_here,
        "may_assign": may_assign(user, compound),
    }


def care_list(user, compound: Compound) -> dict:
    units = Prefetch("units", queryset=Unit.objects.order_by("entrance", "door"))
    rows = (
        OPEN.filter(compound=compound)
        .select_related("person", "building")
        .prefetch_related(units)
        .order_by("building__name", "matter", "pk")
    )
    return {"compound": compound, "rows": list(rows), "may_assign": may_assign(user, compound)}


def my_responsibilities(user) -> QuerySet[Responsibility]:
    return OPEN.filter(person=user).select_related("building", "compound")


def households_of(responsibilities) -> tuple[set[int], set[int]]:
    """The unit ids and the building ids (for matters) the person answers for."""
    units, buildings = set(), set()
    for found in responsibilities:
        if found.matter == Matter.HOUSEHOLDS:
            units |= {u.pk for u in found.units.all()}
        else:
            buildings.add(found.building_id)
    return units, buildings


def my_care(user) -> dict:
    """The answerable person's page: their responsibilities, their households' open requests
    and the notices to those households that someone there has not yet read."""
    mine = list(my_responsibilities(user).prefetch_related("units"))
    unit_ids, building_ids = households_of(mine)
    people = Residency.objects.current().filter(
        Q(unit_id__in=unit_ids) | Q(unit__building_id__in=building_ids),
        status=Residency.Status.VERIFIED,
    )
    requests = (
        Request.objects.filter(
            Q(unit_id__in=unit_ids)
            | Q(building_id__in=building_ids)
            | Q(reporter_id__in=people.filter(unit_id__in=unit_ids).values("user_id")),
            state__in=Request.OPEN_STATES,
        )
        .select_related("category", "building", "unit")
        .order_by("-created_at")[:SHOWN]
    )
    unread = Receipt.objects.filter(
        announcement=OuterRef("pk"),
        read_at__isnull=True,
        user_id__in=people.values("user_id"),
    )
    unread_count = unread.order_by().values("announcement_id").annotate(n=Count("pk")).values("n")
    notices = (
        Announcement.objects.current()
        .filter(Exists(unread), published_at__gte=timezone.now() - NOTICES_SINCE)
        .annotate(unread=Subquery(unread_count))
        .order_by("-published_at")[:SHOWN]
    )
    return {"mine": mine, "requests": list(requests), "notices": list(notices)}
