"""Time limits: the compound's service levels, and deadlines counted in real time or in
working time. Deadlines are stored on the request when it is filed (and when it is
appealed, reopened or handed over), never recomputed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from compounds.models import Compound


def deadlines_minutes(compound: Compound, urgency: str) -> tuple[int, int]:
    """The compound's time limits for an urgency in minutes (accept, resolve): its own
    service level, else the settings' defaults."""
    level = compound.service_levels.filter(urgency=urgency).first()
    if level is not None:
        return level.accept_minutes, level.resolve_minutes
    return tuple(settings.REQUESTS_SERVICE_LEVELS[urgency])


def is_working_day(day: date) -> bool:
    """Monday to Friday, less public holidays, plus the weekend days worked instead
    (调休) — both lists in settings, kept by the operator each year."""
    iso = day.isoformat()
    if iso in settings.REQUESTS_WORKDAYS:
        return True
    return day.weekday() < 5 and iso not in settings.REQUESTS_HOLIDAYS


def due_after(start: datetime, minutes: int) -> datetime:
    """The deadline `minutes` after `start`: in real time, or — where the operator set
    REQUESTS_COUNT_WORKING_DAYS — counting only the time of working days."""
    if not settings.REQUESTS_COUNT_WORKING_DAYS:
        return start + timedelta(minutes=minutes)
    moment, left = timezone.localtime(start), timedelta(minutes=minutes)
    while True:
        next_midnight = (moment + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        if is_working_day(moment.date()):
            if moment + left <= next_midnight:
                return moment + left
            left -= next_midnight - moment
        moment = next_midnight


def deadlines(compound: Compound, urgency: str, start: datetime) -> tuple[datetime, datetime]:
    """Accept-by and resolve-by, stored on the request (never recomputed)."""
    accept, resolve = deadlines_minutes(compound, urgency)
    return due_after(start, accept), due_after(start, resolve)
