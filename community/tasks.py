"""Periodic work of community life (Celery beat, portal/celery.py)."""

from community.services import activities
from portal.celery import app


@app.task(name="community.activity_reminders", ignore_result=True)
def activity_reminders() -> int:
    """Remind those holding a place the day before (hourly; safe to run twice)."""
    return activities.activity_reminders()
