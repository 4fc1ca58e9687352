"""The demo's notifications as a persona would find them: the seeding happened in the
past, so its news is read, except the few things that still wait for each person (a
repair to confirm, an urgent notice, a request of theirs still moving) — a handful at
most, not the dozens of steps the seeding took."""

from django.utils import timezone

from portal.notifications.models import Notification
from requests.models import Request

UNREAD_AT_MOST = 3


def _priority(notification: Notification, states: dict[int, str]) -> int | None:
    """How much the notification still matters (lower first); None: it is history."""
    if notification.event == "announcement.urgent":
        return 1
    if not notification.event.startswith("request."):
        return None
    state = states.get(int(notification.params.get("id", 0) or 0))
    if state == Request.State.RESOLVED:  # to confirm and rate: the ask, not the steps before
        return 0 if notification.event == "request.resolved" else None
    if state in Request.OPEN_STATES:
        return 2
    return None


def mark_history_read(after_pk: int) -> int:
    """Mark the notifications written by this seeding (pk above `after_pk`) read, but for
    each person the few that still wait for them. Returns how many stay unread."""
    rows = list(Notification.objects.filter(pk__gt=after_pk, read_at__isnull=True).order_by("-pk"))
    states = dict(Request.objects.values_list("pk", "state"))
    ranked: dict[int, list[tuple[int, int, str]]] = {}
    for n in rows:
        priority = _priority(n, states)
        if priority is not None:
            ranked.setdefault(n.recipient_id, []).append((priority, -n.pk, n.url))
    keep = set()
    for candidates in ranked.values():
        urls = set()
        for _rank, negative_pk, url in sorted(candidates):
            if url not in urls and len(urls) < UNREAD_AT_MOST:
                urls.add(url)
                keep.add(-negative_pk)
    Notification.objects.filter(pk__in=[n.pk for n in rows if n.pk not in keep]).update(
        read_at=timezone.now()
    )
    return len(keep)
