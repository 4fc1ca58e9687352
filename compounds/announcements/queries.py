"""Reads of notices, scoped to the asking user (who may read which notice is decided in
permissions.py)."""

from collections.abc import Callable, Iterator
from datetime import datetime

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.query import ModelIterable
from django.utils import timezone

from compounds.announcements.models import Announcement, Receipt
from compounds.models import Compound, Residency
from compounds.standing import standing_of
from portal.prepared import Prepared

PIN_LAPSES: list[Callable[[datetime], QuerySet]] = []
"""Rules by which a notice's pin lapses, registered by the apps that publish notices (this
app knows nothing of them): each takes the moment and returns a queryset of announcement
ids no longer pinned then, using the moment only as compared (never shifted: home runs
them as SQL compiled once). Deliberation registers its rules in its AppConfig.ready
(deliberation/pins.py)."""


def pin_lapses(rule: Callable[[datetime], QuerySet]) -> Callable[[datetime], QuerySet]:
    PIN_LAPSES.append(rule)
    return rule


def shown_pin(now: datetime | None = None) -> Case:
    """Pinned as it stands at `now`: the stored pin, unless a registered rule lets it lapse."""
    now = now or timezone.now()
    pinned = Q(pinned=True)
    for ids in [rule(now) for rule in PIN_LAPSES]:
        pinned &= ~Q(pk__in=ids)
    return Case(When(pinned, then=Value(True)), default=Value(False), output_field=BooleanField())


class _PinAsShown(ModelIterable):
    """Every notice read from notices_for carries its pin as it stands now (the 置顶 tag)."""

    def __iter__(self):
        for notice in super().__iter__():
            notice.pinned = getattr(notice, "shown_pin", notice.pinned)
            yield notice


def notices_for(user, compound=None) -> QuerySet[Announcement]:
    """Current notices addressed to the user, published by them, or open to every resident
    of a compound or community they live in, pinned as the pin stands now (`shown_pin`;
    order by it, not by the stored `pinned`), newest first."""
    g = standing_of(user)
    communities = Compound.objects.filter(pk__in=g.resident_compounds).values("community_id")
    # Subqueries, not joins: no row comes twice, so no DISTINCT over every column, and the
    # newest-first order can walk an index (issue 13).
    to_buildings = Announcement.buildings.through.objects.filter(announcement_id=OuterRef("pk"))
    rows = (
        Announcement.objects.current()
        .filter(
            Q(pk__in=Receipt.objects.filter(user=user).values("announcement_id"))
            | Q(publisher=user)
            | Q(Q(compound_id__in=g.resident_compounds, owners_only=False), ~Exists(to_buildings))
            | Q(community_id__in=communities, owners_only=False)
        )
        .select_related("compound", "community", "publisher")
    )
    if compound is not None:  # the home page shows the current compound's notices
        rows = rows.filter(Q(compound=compound) | Q(community_id=compound.community_id))
    rows = rows.annotate(shown_pin=shown_pin())
    rows = rows.order_by("-shown_pin", "-published_at", "-pk")
    rows._iterable_class = _PinAsShown
    return rows


def receipt_counts(announcement: Announcement) -> dict:
    return Receipt.objects.filter(announcement=announcement).aggregate(
        total=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False))
    )


def unread_rows(announcement: Announcement) -> list[dict]:
    """Who has not read the notice, with their home, for a door-to-door visit."""
    return list(iter_unread_rows(announcement))


def iter_unread_rows(announcement: Announcement, chunk_size: int = 2000) -> Iterator[dict]:
    """The same rows, read through a cursor in chunks (one query): for the CSV, which is
    sent as it is written. Each person once, at their first home in the list's order."""
    unread = Receipt.objects.filter(announcement=announcement, read_at__isnull=True)
    scope = (
        Q(unit__building__compound_id=announcement.compound_id)
        if announcement.compound_id
        else Q(unit__building__compound__community_id=announcement.community_id)
    )
    seen: set[int] = set()
    for residency in (
        Residency.objects.current()
        .filter(scope, user_id__in=unread.values("user_id"), status=Residency.Status.VERIFIED)
        .select_related("user", "unit__building")
        .order_by("unit__building_id", "unit__door")
        .iterator(chunk_size=chunk_size)
    ):
        if residency.user_id in seen:
            continue
        seen.add(residency.user_id)
        yield {
            "name": str(residency.user),
            "building": residency.unit.building.name,
            "entrance": residency.unit.entrance,
            "door": residency.unit.door,
            "phone": residency.user.phone,
        }


def _home_rows(*, user, compound, community, now, resident_here: bool, in_community: bool):
    """The query of home's notices (notices_for narrowed to one compound), for one shape
    of the reader's homes: the SQL depends only on whether they live in the compound and
    in its community, so each shape is compiled once (portal/prepared.py)."""
    to_buildings = Announcement.buildings.through.objects.filter(announcement_id=OuterRef("pk"))
    addressed = Q(pk__in=Receipt.objects.filter(user_id=user).values("announcement_id")) | Q(
        publisher_id=user
    )
    if resident_here:
        addressed |= Q(Q(compound_id=compound, owners_only=False), ~Exists(to_buildings))
    if in_community:
        addressed |= Q(community_id=community, owners_only=False)
    return (
        Announcement.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .filter(addressed, Q(compound_id=compound) | Q(community_id=community))
        .filter(published_at__lte=now)
        .annotate(shown_pin=shown_pin(now))
        .order_by("-urgent", "-shown_pin", "-published_at", "-pk")
    )


_HOME = {
    (here, near): Prepared(
        lambda user, compound, community, now, here=here, near=near: _home_rows(
            user=user,
            compound=compound,
            community=community,
            now=now,
            resident_here=here,
            in_community=near,
        )[:3],
        user=int,
        compound=int,
        community=int,
        now=datetime,
    )
    for here in (False, True)
    for near in (False, True)
}


def home_notices(user, compound, now: datetime | None = None) -> list[Announcement]:
    """The notices on home (issue 12, item 5): urgent first, then pinned (a pin lapses by
    the registered rules, PIN_LAPSES), then the most recent, at most three — the rows of
    notices_for in the current compound, from SQL compiled once per process (its Python
    build took 5 ms, the database under 1)."""
    g = standing_of(user)
    lived_in = {r.unit.building.compound.community_id for r in g.verified_residencies}
    prepared = _HOME[(compound.pk in g.resident_compounds, compound.community_id in lived_in)]
    rows = prepared(
        user=user.pk,
        compound=compound.pk,
        community=compound.community_id,
        now=now or timezone.now(),
    )
    for notice in rows:
        notice.pinned = notice.shown_pin
        # Every notice here is the compound's or its community's: no query per row.
        if notice.compound_id == compound.pk:
            notice.compound = compound
        if notice.community_id == compound.community_id:
            notice.community = compound.community
    return rows
