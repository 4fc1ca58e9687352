"""Community life's periodic jobs (beat entries in portal/celery.py): each takes ids or
nothing, calls a service, and is safe to run twice at once."""

from community.services import activities, roster
from community.services.zones import cleanups_plan_next_month
from portal.celery import app


@app.task(name="community.plan_cleanups", ignore_result=True)
def plan_cleanups() -> int:
    """Next month's 家园美化清洁行动 for every claimed zone; daily."""
    return cleanups_plan_next_month()


@app.task(name="community.activity_reminders", ignore_result=True)
def activity_reminders() -> int:
    """Remind those holding a place the day before."""
    return activities.activity_reminders()


@app.task(name="community.remind_shifts", ignore_result=True)
def remind_shifts() -> int:
    """Remind each person on duty once before their shift (each shift locked and checked
    again)."""
    return roster.shifts_remind()
