"""The workbench's counters — new, overdue, escalated, open — for the queue page and the
staff's home panel. Up to REQUEST_COUNTERS_LIVE_UP_TO open requests they are counted live
on every view; a street office's area holds tens of thousands, whose count grows with the
data (issue 13: pages flat as the data grows), so above it they are kept for a minute in
the process and the page says when they were counted ("更新于 HH:MM")."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from requests import queries

KEPT = timedelta(seconds=60)
_lock = threading.Lock()
_kept: dict[tuple, tuple[datetime, datetime, dict]] = {}


def counters(user, scope: str = "team") -> dict:
    """`queries.counters` with `counted_at`: None when counted live for this view, else the
    moment the kept figures were counted."""
    key = (user.pk, getattr(user, "standing_version", None), scope)
    with _lock:
        hit = _kept.get(key)
    if hit is not None and hit[0] > timezone.now():
        return {**hit[2], "counted_at": hit[1]}
    counts = queries.counters(user, scope)
    if counts["open"] <= settings.REQUEST_COUNTERS_LIVE_UP_TO:
        return {**counts, "counted_at": None}
    counted_at = timezone.now()
    with _lock:
        if len(_kept) > 5000:  # people per process; an old entry is only a missed hit
            _kept.clear()
        _kept[key] = (counted_at + KEPT, counted_at, counts)
    return {**counts, "counted_at": counted_at}


def forget_counters() -> None:
    """Empty this process's kept counters (tests, between cases)."""
    with _lock:
        _kept.clear()
