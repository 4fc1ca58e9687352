"""Reads of notices, scoped to the asking user (who may read which notice is decided in
permissions.py)."""

from collections.abc import Callable, Iterator

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.query import ModelIterable

from compounds.announcements.models import Announcement, Receipt
from compounds.models import Compound, Residency
from compounds.standing import standing_of

PIN_LAPSES: list[Callable[[], QuerySet]] = []
"""Rules by which a notice's pin lapses, registered by the apps that publish notices (this
app knows nothing of them): each returns a queryset of announcement ids no longer pinned.
Deliberation registers its rules in its AppConfig.ready (deliberation/pins.py)."""


def pin_lapses(rule: Callable[[], QuerySet]) -> Callable[[], QuerySet]:
    PIN_LAPSES.append(rule)
    return rule


def shown_pin(unpinned=None) -> Case:
    """Pinned as it stands now: the stored pin, unless a registered rule lets it lapse."""
    pinned = Q(pinned=True)
    for ids in [rule() for rule in PIN_LAPSES] + ([unpinned] if unpinned is not None else []):
        pinned &= ~Q(pk__in=ids)
    return Case(When(pinned, then=Value(True)), default=Value(False), output_field=BooleanField())


class _PinAsShown(ModelIterable):
    """Every notice read from notices_for carries its pin as it stands now (the 置顶 tag)."""

    def __iter__(self):
        for notice in super().__iter__():
            notice.pinned = getattr(notice, "shown_pin", notice.pinned)
            yield notice


def notices_for(user, compound=None, unpinned=None) -> QuerySet[Announcement]:
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
    rows = rows.annotate(shown_pin=shown_pin(unpinned))
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


def home_notices(user, compound, unpinned=None, limit: int = 3) -> list[Announcement]:
    """The notices on home (issue 12, item 5): urgent first, then pinned, then the most
    recent, at most `limit`. A pin lapses by the registered rules (PIN_LAPSES) and for the
    notices in `unpinned` (a queryset of announcement ids the caller passes)."""
    rows = notices_for(user, compound, unpinned).select_related(None)  # home names no publisher
    return list(
        rows.select_related("compound", "community").order_by(
            "-urgent", "-shown_pin", "-published_at", "-pk"
        )[:limit]
    )
