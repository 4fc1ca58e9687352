"""Community life's periodic jobs (beat entries in portal/celery.py)."""

from community.services.zones import cleanups_plan_next_month
from portal.celery import app


@app.task(name="community.plan_cleanups", ignore_result=True)
def plan_cleanups() -> int:
    """Next month's 家园美化清洁行动 for every claimed zone; daily, and safe to run twice."""
    return cleanups_plan_next_month()
