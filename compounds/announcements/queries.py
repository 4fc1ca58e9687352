"""Reads of notices, scoped to the asking user (who may read which notice is decided in
permissions.py)."""

from django.db.models import Case, Count, Q, QuerySet, When

from compounds.announcements.models import Announcement, Receipt
from compounds.models import Compound, Residency
from compounds.standing import standing_of


def notices_for(user, compound=None) -> QuerySet[Announcement]:
    """Current notices addressed to the user, published by them, or open to every resident
    of a compound or community they live in."""
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
    recent, at most `limit`. A pin lapses at display time for the notices in `unpinned`
    (a queryset of announcement ids: the site passes the notices of owners' votes that are
    no longer pending or open — this app does not know votes)."""
    pinned = Q(pinned=True)
    if unpinned is not None:
        pinned &= ~Q(pk__in=unpinned)
    rows = list(
        notices_for(user, compound)
        .annotate(shown_pin=Case(When(pinned, then=True), default=False))
        .order_by("-urgent", "-shown_pin", "-published_at", "-pk")[:limit]
    )
    for notice in rows:
        notice.pinned = notice.shown_pin  # the 置顶 tag shows the pin as it stands today
    return rows
