"""Escalation: when an open request climbs the ladder, and to which rung.

After the first handler the ladder is the owners' committee, the community, the street
office. A request climbs one rung when it is late — not accepted by its accept deadline,
nobody on site by its on-site deadline (emergencies), or not resolved by its resolve
deadline — and the rung it is on has had its time (REQUESTS_ESCALATION_MINUTES of its
urgency: by default an emergency gives the committee 1 h and the community 2 h).

A rung's time counts from the moment the climb fell due (the deadline the rung below
missed), not from when beat's sweep happened to run, so the timetable set at filing holds:
an emergency filed at 22:00 and never accepted reaches the street office at 01:30, at the
first sweep after. After an outage of the sweep, a rung still gets its time from when it
is told, less GRACE.

`overdue()` (the sweep's query) and `is_due()` (the check under the row lock) say the same
thing; tests/requests/test_escalation.py holds them together.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from requests.deadlines import due_after, late
from requests.models import Request

# The note of an escalation by the sweep: stored as its source text, shown translated on the
# request's timeline (templates/requests/detail.html).
AUTO_NOTE = gettext_noop("Overdue: passed up automatically")

S = Request.State
H = Request.Handler

LADDER = [H.COMMITTEE, H.COMMUNITY, H.STREET_OFFICE]  # after the first handler
# How late a sweep may find a deadline and still count the next rung's time from the
# deadline itself (beat runs the sweep every 2 minutes, portal/celery.py).
GRACE = timedelta(minutes=5)


def overdue(now: datetime | None = None) -> QuerySet[Request]:
    """Open requests due to climb one rung now."""
    now = now or timezone.now()
    return Request.objects.filter(
        late(now),
        Q(escalation_due__isnull=True) | Q(escalation_due__lt=now),
        state__in=Request.OPEN_STATES,
        escalation_level__lt=len(LADDER),
    )


def missed(request: Request, now: datetime) -> list[datetime]:
    """The deadlines the request has missed and still misses now."""
    deadlines = []
    if request.state == S.SUBMITTED and request.accept_due < now:
        deadlines.append(request.accept_due)
    if request.on_site_at is None and request.on_site_due and request.on_site_due < now:
        deadlines.append(request.on_site_due)
    if request.resolve_due < now:
        deadlines.append(request.resolve_due)
    return deadlines


def reason(request: Request, now: datetime) -> str:
    """Which deadline it missed first ("accept", "on_site" or "resolve"; "" if none): the
    reason people are told with the climb (portal/notifications/events.py)."""
    late = {}
    if request.state == S.SUBMITTED and request.accept_due < now:
        late["accept"] = request.accept_due
    if request.on_site_at is None and request.on_site_due and request.on_site_due < now:
        late["on_site"] = request.on_site_due
    if request.resolve_due < now:
        late["resolve"] = request.resolve_due
    return min(late, key=late.__getitem__) if late else ""


def is_due(request: Request, now: datetime) -> bool:
    """Whether the request is due to climb one rung now (the query of `overdue`, for one
    row already in hand)."""
    return (
        request.is_open
        and request.escalation_level < len(LADDER)
        and bool(missed(request, now))
        and (request.escalation_due is None or request.escalation_due < now)
    )


def rung_minutes(urgency: str, rung: int) -> int:
    """The time the rung (0 the committee, 1 the community, 2 the street office) has."""
    return settings.REQUESTS_ESCALATION_MINUTES[urgency][rung]


def climb(request: Request, now: datetime, from_level: int | None = None) -> None:
    """Move the request, locked by the caller, one rung up and set the new rung's deadline.
    Refuses (ValidationError) a request that is not due now, or no longer at the rung the
    caller saw (`from_level`, what the sweep read before the lock): of two sweeps running at
    once, the second finds it moved and leaves it — one rung, never two."""
    if from_level is not None and request.escalation_level != from_level:
        raise ValidationError(_("It was escalated meanwhile."), code="moved")
    if not is_due(request, now):
        raise ValidationError(_("It is not due for escalation now."), code="not_due")
    rung = request.escalation_level
    while rung < len(LADDER) and LADDER[rung] == request.handler_kind:
        rung += 1  # already with that rung (a compound whose committee handles repairs)
    if rung >= len(LADDER):
        raise ValidationError(_("It is already at the street office."), code="top")
    fell_due = min(missed(request, now))
    if request.escalation_due is not None:
        fell_due = max(fell_due, request.escalation_due)
    request.handler_kind = LADDER[rung]
    request.escalation_level = rung + 1
    request.escalation_due = due_after(
        max(fell_due, now - GRACE), rung_minutes(request.urgency, rung), urgency=request.urgency
    )
