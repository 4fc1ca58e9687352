"""Periodic work of community life: each task takes ids or nothing and calls a service."""

from community.services import roster
from portal.celery import app


# The duty roster: remind each person on duty once before their shift (beat, every 5 min;
# safe to run twice — each shift is locked and checked again).
@app.task(name="community.remind_shifts", ignore_result=True)
def remind_shifts() -> int:
    return roster.shifts_remind()
