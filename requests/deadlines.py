"""Time limits: the compound's service levels, and deadlines counted in real time or in
working time. Deadlines are stored on the request when it is filed (and when it is
appealed, reopened or handed over), never recomputed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from compounds.models import Compound
from portal.calendar import Calendar
from requests.models import Request


def deadlines_minutes(compound: Compound, urgency: str) -> tuple[int, int]:
    """The compound's time limits for an urgency in minutes (accept, resolve): its own
    service level, else the settings' defaults."""
    level = compound.service_levels.filter(urgency=urgency).first()
    if level is not None:
        return level.accept_minutes, level.resolve_minutes
    return tuple(settings.REQUESTS_SERVICE_LEVELS[urgency])


def due_after(
    start: datetime, minutes: int, calendar: Calendar | None = None, *, urgency: str = ""
) -> datetime:
    """The deadline `minutes` after `start`: in real time, or — where the operator set
    REQUESTS_COUNT_WORKING_DAYS — counting only the time of the working days of the
    portal's holiday calendar (portal/calendar.py). An emergency always counts in real
    time: a lift entrapment on the eve of 国庆 cannot wait for the holiday to end."""
    if not settings.REQUESTS_COUNT_WORKING_DAYS or urgency == "emergency":
        return start + timedelta(minutes=minutes)
    calendar = calendar or Calendar()
    moment = timezone.localtime(start, timezone.get_default_timezone())
    left = timedelta(minutes=minutes)
    while True:
        next_midnight = (moment + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        if calendar.is_working_day(moment.date()):
            if moment + left <= next_midnight:
                return moment + left
            left -= next_midnight - moment
        moment = next_midnight


def deadlines(compound: Compound, urgency: str, start: datetime) -> tuple[datetime, datetime]:
    """Accept-by and resolve-by, stored on the request (never recomputed)."""
    accept, resolve = deadlines_minutes(compound, urgency)
    calendar = Calendar()
    return (
        due_after(start, accept, calendar, urgency=urgency),
        due_after(start, resolve, calendar, urgency=urgency),
    )


def on_site_due(urgency: str, start: datetime) -> datetime | None:
    """到场: when someone must be on site, for an urgency that has such a step (an
    emergency, by REQUESTS_ON_SITE_MINUTES); None for the others."""
    minutes = settings.REQUESTS_ON_SITE_MINUTES.get(urgency)
    return None if minutes is None else due_after(start, minutes, urgency=urgency)


def late(now: datetime) -> Q:
    """已超时 — the one definition of an overdue request: open and past a stored deadline,
    to accept (still submitted), to be on site (an emergency nobody reached yet) or to
    resolve. The workbench's filter and counter, the escalation sweep and the dashboard's
    kept "overdue" column all read it, so their numbers agree (docs/health.md)."""
    return Q(state__in=Request.OPEN_STATES) & (
        Q(state=Request.State.SUBMITTED, accept_due__lt=now)
        | Q(on_site_at__isnull=True, on_site_due__lt=now)
        | Q(resolve_due__lt=now)
    )
