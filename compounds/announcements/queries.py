"""Reads of notices, scoped to the asking user (who may read which notice is decided in
permissions.py)."""

from collections.abc import Callable

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
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


def notices_for(user, compound=None) -> QuerySet[Announcement]:
    """Current notices addressed to the user, published by them, or open to every resident
    of a compound or community they live in, pinned as the pin stands now (`shown_pin`;
    order by it, not by the stored `pinned`), newest first."""
    g = standing_of(user)
    communities = Compound.objects.filter(pk__in=g.resident_compounds).values("community_id")
    rows = (
        Announcement.objects.current()
        .filter(
            Q(receipts__user=user)
            | Q(publisher=user)
            | Q(compound_id__in=g.resident_compounds, buildings__isnull=True, owners_only=False)
            | Q(community_id__in=communities, owners_only=False)
        )
        .distinct()
        .select_related("compound", "community", "publisher")
    )
    if compound is not None:  # the home page shows the current compound's notices
        rows = rows.filter(Q(compound=compound) | Q(community_id=compound.community_id))
    rows = rows.annotate(shown_pin=shown_pin()).order_by("-shown_pin", "-published_at", "-pk")
    rows._iterable_class = _PinAsShown
    return rows


def receipt_counts(announcement: Announcement) -> dict:
    return Receipt.objects.filter(announcement=announcement).aggregate(
        total=Count("pk"), read=Count("pk", filter=Q(read_at__isnull=False))
    )


def unread_rows(announcement: Announcement) -> list[dict]:
    """Who has not read the notice, with their home, for a door-to-door visit."""
    rows = []
    unread = Receipt.objects.filter(announcement=announcement, read_at__isnull=True)
    homes: dict[int, Residency] = {}
    scope = (
        Q(unit__building__compound_id=announcement.compound_id)
        if announcement.compound_id
        else Q(unit__building__compound__community_id=announcement.community_id)
    )
    for residency in (
        Residency.objects.current()
        .filter(scope, user_id__in=unread.values("user_id"), status=Residency.Status.VERIFIED)
        .select_related("user", "unit__building")
        .order_by("unit__building_id", "unit__door")
    ):
        homes.setdefault(residency.user_id, residency)
    for residency in homes.values():
        rows.append(
            {
                "name": str(residency.user),
                "building": residency.unit.building.name,
                "entrance": residency.unit.entrance,
                "door": residency.unit.door,
                "phone": residency.user.phone,
            }
        )
    return rows


def home_notices(user, compound, unpinned=None, limit: int = 3) -> list[Announcement]:
    """The notices on home (issue 12, item 5): urgent first, then pinned, then the most
    recent, at most `limit`. A pin lapses by the registered rules (PIN_LAPSES) and for the
    notices in `unpinned` (a queryset of announcement ids the caller passes)."""
    return list(
        notices_for(user, compound)
        .annotate(shown_pin=shown_pin(unpinned))
        .order_by("-urgent", "-shown_pin", "-published_at", "-pk")[:limit]
    )
