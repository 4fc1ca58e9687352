"""Periodic work on the books (beat, hourly; safe to run twice: a month closes once and
a period's disclosure is drafted once, by a unique constraint)."""

from finance import services
from portal.celery import app

__all__ = ["close_and_draft"]


@app.task(name="finance.close_and_draft", ignore_result=True)
def close_and_draft() -> tuple[int, int, int, int]:
    """Close ended months, draft the periods they complete, flag questions left unanswered
    and disclosures not published when due."""
    return (
        services.close_ended_months(),
        services.draft_due(),
        services.flag_unanswered(),
        services.flag_late(),
    )
